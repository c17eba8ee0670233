using MetaDsl.Tasks;

namespace MetaDsl.Tests.Meta.Fixtures;

/// <summary>Finite differences, error measures and random tasks for the meta-learning tests.</summary>
internal static class Numerics
{
    /// <summary>Central differences of <paramref name="f"/> at <paramref name="x"/>.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = 1e-5)
    {
        var g = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++) g[i] = Central(f, probe, i, h);
        return g;
    }

    /// <summary>The central difference of <paramref name="f"/> at <paramref name="x"/> along entry <paramref name="index"/> alone.</summary>
    public static double Derivative(Func<double[], double> f, double[] x, int index, double h = 1e-5) => Central(f, (double[])x.Clone(), index, h);

    private static double Central(Func<double[], double> f, double[] probe, int index, double h)
    {
        double at = probe[index];
        probe[index] = at + h;
        double plus = f(probe);
        probe[index] = at - h;
        double minus = f(probe);
        probe[index] = at;
        return (plus - minus) / (2 * h);
    }

    /// <summary>||a − b|| / ||b||.</summary>
    public static double RelativeError(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double diff = 0, norm = 0;
        for (int i = 0; i < a.Length; i++)
        {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return Math.Sqrt(diff / Math.Max(norm, 1e-300));
    }

    /// <summary>A task with <paramref name="support"/> and <paramref name="query"/> rows of Gaussian inputs and targets from <paramref name="target"/>.</summary>
    public static MetaTask<double> Task(int seed, int inputs, int outputs, int support, int query, Func<double[], int, double> target)
    {
        var rng = new SplitMix64((ulong)seed);
        return new MetaTask<double>(Batch(ref rng, inputs, outputs, support, target), Batch(ref rng, inputs, outputs, query, target));
    }

    /// <summary>theta_K by plain gradient steps, independent of the algorithms under test.</summary>
    public static double[] Adapt<TLearner>(double[] theta, Batch<double> support, double[] rates, bool[]? adapts = null) where TLearner : ILearner<TLearner>
    {
        var current = (double[])theta.Clone();
        var gradient = new double[theta.Length];
        foreach (var rate in rates)
        {
            TLearner.Gradient<double>(current, support, gradient);
            for (int i = 0; i < current.Length; i++)
                if (adapts?[i] ?? !IsMeta<TLearner>(i)) current[i] -= rate * gradient[i];
        }
        return current;
    }

    /// <summary>True when entry <paramref name="index"/> of theta belongs to a [MetaParam].</summary>
    public static bool IsMeta<TLearner>(int index) where TLearner : ILearner<TLearner> =>
        TLearner.Info.Parameters.Any(p => p.IsMeta && index >= p.Offset && index < p.Offset + p.Size);

    public static double[] Theta<TLearner>(int seed) where TLearner : ILearner<TLearner>
    {
        var theta = new double[TLearner.Info.ParameterCount];
        TLearner.Initialize<double>(theta, seed);
        return theta;
    }

    private static Batch<double> Batch(ref SplitMix64 rng, int inputs, int outputs, int rows, Func<double[], int, double> target)
    {
        var x = new double[rows * inputs];
        var y = new double[rows * outputs];
        var row = new double[inputs];
        for (int i = 0; i < rows; i++)
        {
            for (int k = 0; k < inputs; k++) row[k] = x[i * inputs + k] = rng.NextGaussian();
            for (int j = 0; j < outputs; j++) y[i * outputs + j] = target(row, j) + 0.1 * rng.NextGaussian();
        }
        return new Batch<double>(new Tensor<double>(x, rows, inputs), new Tensor<double>(y, rows, outputs));
    }
}
