using MetaDsl.Cli.Commands;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// Checks the memory that sizes on the command line imply before anything is allocated, so an absurd
/// size gets a message naming the option instead of an out-of-memory failure (or the kernel's OOM killer).
/// Each buffer that grows with an option may take at most half of what this process can use.
/// </summary>
internal static class Footprint
{
    /// <summary>Bytes per value: the CLI trains in single precision.</summary>
    private const double ValueBytes = sizeof(float);

    /// <summary>
    /// Copies of the meta-parameters an inner step keeps per thread: the trajectory's theta and gradient,
    /// and the reverse pass's vectors, with headroom.
    /// </summary>
    private const double VectorsPerInnerStep = 4;

    /// <summary>Checks a training run of <paramref name="experiment"/> with <paramref name="parameters"/> meta-parameters on <paramref name="threads"/> threads.</summary>
    /// <exception cref="UsageException">A size needs more memory than the process can use.</exception>
    public static void CheckTraining(Experiment experiment, TrainSettings settings, int threads, int parameters)
    {
        double tasks = settings.MetaBatch * experiment.ValuesPerTask(settings.Shots, evaluation: false) * ValueBytes;
        Require(tasks, $"--meta-batch {settings.MetaBatch} with --shots {settings.Shots}", "its tasks");
        double trajectory = threads * (settings.InnerSteps + 2.0) * parameters * VectorsPerInnerStep * ValueBytes;
        Require(trajectory, $"--inner-steps {settings.InnerSteps} on {threads} thread(s)", $"the inner-loop trajectories of {parameters} meta-parameters");
        CheckEvaluation(experiment, settings.EvaluationShots, "--eval-shots");
    }

    /// <summary>Checks that a held-out task of each of <paramref name="shots"/> fits.</summary>
    /// <exception cref="UsageException">A task needs more memory than the process can use.</exception>
    public static void CheckEvaluation(Experiment experiment, IEnumerable<int> shots, string option)
    {
        foreach (int s in shots)
            Require(experiment.ValuesPerTask(s, evaluation: true) * ValueBytes, $"{option} {s}", "a held-out task");
    }

    private static void Require(double bytes, string what, string purpose)
    {
        double budget = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2.0;
        if (bytes > budget)
            throw new UsageException($"{what} needs about {Size(bytes)} for {purpose}, more than the {Size(budget)} this process may use for it; give smaller values.");
    }

    private static string Size(double bytes) => bytes >= 1 << 30 ? $"{bytes / (1 << 30):N1} GiB" : $"{bytes / (1 << 20):N1} MiB";
}
