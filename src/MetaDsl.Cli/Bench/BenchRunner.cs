using System.Diagnostics;

namespace MetaDsl.Cli.Bench;

/// <summary>Times a case step by step and reports the median, which shrugs off the occasional preempted step.</summary>
public static class BenchRunner
{
    /// <summary>Warms the step up, then times single steps for about <paramref name="seconds"/>.</summary>
    public static BenchResult Run(BenchCase benchCase, int threads, double sgemmGflops, double seconds, long allocationProbeSteps = 20)
    {
        var step = benchCase.Prepare(threads);
        var warmUntil = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * Math.Min(0.5, seconds / 3));
        do step(); while (Stopwatch.GetTimestamp() < warmUntil);

        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (long i = 0; i < allocationProbeSteps; i++) step();
        double bytesPerStep = (GC.GetTotalAllocatedBytes(precise: true) - before) / (double)allocationProbeSteps;

        var samples = new List<double>();
        var end = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * seconds);
        while (Stopwatch.GetTimestamp() < end || samples.Count < 5)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        samples.Sort();
        double median = samples[samples.Count / 2];
        double gflops = benchCase.FlopsPerStep / (median * 1e-3) / 1e9;
        return new BenchResult(benchCase.Name, threads, median, 1000.0 / median, gflops, sgemmGflops, bytesPerStep, samples.Count);
    }
}
