using Spectre.Console;

namespace MetaDsl.Cli.Commands;

/// <summary>Caps <c>--threads</c> at what the work can use: tasks are what threads share, and threads beyond the cores only wait.</summary>
internal static class ThreadLimit
{
    /// <summary>
    /// <paramref name="requested"/>, or the smaller of the cores and <paramref name="tasks"/> when it is larger,
    /// saying so on <paramref name="console"/>.
    /// </summary>
    public static int Cap(int requested, int tasks, IAnsiConsole console)
    {
        int cores = Environment.ProcessorCount;
        int cap = Math.Max(1, Math.Min(tasks, cores));
        if (requested <= cap) return requested;
        string why = tasks < cores ? $"a meta-batch has {tasks} tasks to share" : $"this machine has {cores} cores";
        console.MarkupLine(Markup.Escape($"Note: --threads {requested} capped at {cap}: {why}, and more threads would only wait. Results do not depend on the thread count."));
        return cap;
    }
}
