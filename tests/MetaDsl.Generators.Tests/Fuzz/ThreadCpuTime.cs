using System.Globalization;

namespace MetaDsl.Generators.Tests.Fuzz;

/// <summary>
/// The processor time the calling thread has used. The fuzz test's time box is counted in it, not in
/// wall time: on a loaded two-core CI machine, with other test assemblies beside it, a mutant's wall
/// time tripled and tripped the box while the generator's own work was unchanged.
/// </summary>
internal static class ThreadCpuTime
{
    private const string StatPath = "/proc/thread-self/stat";

    /// <summary>Linux's USER_HZ, the unit of the kernel's per-thread utime and stime.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User plus system time of the calling thread, or null where /proc does not tell (not Linux).</summary>
    public static TimeSpan? Current()
    {
        if (!File.Exists(StatPath)) return null;
        string stat = File.ReadAllText(StatPath);
        // The command name in field 2 may hold spaces; fields are counted after its closing parenthesis,
        // where field 3 (the state) comes first, so utime (field 14) and stime (field 15) are 11 and 12.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        long ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }
}
