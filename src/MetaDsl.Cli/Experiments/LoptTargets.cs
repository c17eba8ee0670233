using MetaDsl.Cli.Commands;

namespace MetaDsl.Cli.Experiments;

/// <summary>The targets <c>train lopt</c> offers.</summary>
internal static class LoptTargets
{
    /// <summary>Every target, the default first.</summary>
    public static IReadOnlyList<LoptTarget> All { get; } = [new SineLoptTarget(), new FashionLoptTarget()];

    /// <summary>The target called <paramref name="name"/>.</summary>
    /// <exception cref="UsageException">There is none.</exception>
    public static LoptTarget Find(string name) => All.FirstOrDefault(t => t.Name == name)
        ?? throw new UsageException($"--target accepts {string.Join(", ", All.Select(t => t.Name))}; got '{name}'.");
}
