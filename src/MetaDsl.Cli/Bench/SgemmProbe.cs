using System.Diagnostics;
using MetaDsl.Kernels;

namespace MetaDsl.Cli.Bench;

/// <summary>Measures this machine's single-precision GEMM rate with our own kernel, on all cores.</summary>
public static class SgemmProbe
{
    /// <summary>Best GFLOP/s of a square float product of side <paramref name="size"/> over a few repetitions.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (checked between products).</exception>
    public static double MeasureGflops(int size = 2048, int repetitions = 5, CancellationToken cancellationToken = default)
    {
        var a = new float[size * size];
        var b = new float[size * size];
        var c = new float[size * size];
        var rng = new SplitMix64(1);
        for (int i = 0; i < a.Length; i++)
        {
            if (i % size == 0) cancellationToken.ThrowIfCancellationRequested();
            a[i] = (float)rng.NextGaussian();
            b[i] = (float)rng.NextGaussian();
        }
        Gemm.MatMul<float>(a, b, c, 1, size, size, size, false, false, 0, 0);
        double best = double.MaxValue;
        for (int r = 0; r < repetitions; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            Gemm.MatMul<float>(a, b, c, 1, size, size, size, false, false, 0, 0);
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return 2.0 * size * size * (double)size / best / 1e9;
    }
}
