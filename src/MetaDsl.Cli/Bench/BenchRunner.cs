using System.Diagnostics;

namespace MetaDsl.Cli.Bench;

/// <summary>
/// Times a case step by step and reports medians, which shrug off the occasional preempted step.
/// Thread counts of one case are timed in alternating blocks, so that drift in the machine's speed
/// (a shared virtual machine's neighbours, frequency changes) affects every count alike and their
/// ratio is measured in one run.
/// </summary>
public static class BenchRunner
{
    private const int StepsPerBlock = 10;

    /// <summary>Warms every thread count up, then times single steps in alternating blocks for about <paramref name="seconds"/> per count.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked after every block of steps).</exception>
    public static IReadOnlyList<BenchResult> Run(BenchCase benchCase, IReadOnlyList<int> threadCounts, double sgemmGflops, double seconds, CancellationToken cancellationToken = default)
    {
        long liveBefore = GC.GetTotalMemory(forceFullCollection: true);
        var steps = threadCounts.Select(benchCase.Prepare).ToArray();
        var warmUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * Math.Min(1.0, seconds / 3));
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var step in steps) step();
        }
        while (Stopwatch.GetTimestamp() < warmUntil);

        long held = GC.GetTotalMemory(forceFullCollection: true) - liveBefore;
        var bytesPerStep = steps.Select(AllocatedPerStep).ToArray();
        var samples = steps.Select(_ => new List<double>()).ToArray();
        var end = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * seconds * steps.Length);
        while (Stopwatch.GetTimestamp() < end || samples[^1].Count < 5)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (int s = 0; s < steps.Length; s++)
            {
                for (int i = 0; i < StepsPerBlock; i++)
                {
                    long start = Stopwatch.GetTimestamp();
                    steps[s]();
                    samples[s].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        var results = new List<BenchResult>();
        for (int s = 0; s < steps.Length; s++)
        {
            samples[s].Sort();
            double median = samples[s][samples[s].Count / 2];
            double gflops = benchCase.FlopsPerStep / (median * 1e-3) / 1e9;
            results.Add(new BenchResult(benchCase.Name, threadCounts[s], median, 1000.0 / median, gflops, sgemmGflops, bytesPerStep[s], samples[s].Count, held));
        }
        return results;
    }

    /// <summary>Managed bytes allocated per warm step across the whole process (every thread).</summary>
    private static double AllocatedPerStep(Action step)
    {
        const int probeSteps = 20;
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < probeSteps; i++) step();
        return (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)probeSteps;
    }
}
