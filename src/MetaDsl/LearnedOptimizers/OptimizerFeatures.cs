using System.Numerics;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// What a per-parameter learned optimizer sees, following learned_optimization's MLP optimizer: per
/// parameter its value, its gradient, momenta at three decays, the gradient and momenta divided by
/// the root of a second moment, and tanh embeddings of the step count (and, for the temporally-aware
/// variant, the fraction of the horizon done). Value, gradient and momentum columns are normalised
/// by their root mean square over each parameter tensor, so one optimizer suits tensors of any scale.
/// </summary>
/// <remarks>
/// An optimizer's state is one flat span (momenta, second moment, step count), so that it can live
/// inside a larger state, such as an evolution-strategies particle's.
/// </remarks>
public static class OptimizerFeatures
{
    /// <summary>Features of <see cref="Learners.MlpLearnedOptimizer"/>.</summary>
    public const int Count = 18;

    /// <summary>Features of <see cref="Learners.TemporalMlpLearnedOptimizer"/>: one more, the fraction of the horizon done.</summary>
    public const int TemporalCount = 19;

    /// <summary>
    /// The column holding the momentum at decay 0.9 divided by the root of the second moment (normalised
    /// over its tensor): Adam's direction, which <see cref="AdamImitation{TTarget, TNet, T}"/> teaches a fresh optimizer to follow.
    /// </summary>
    public const int AdamDirectionColumn = 7;

    /// <summary>The second moment's decay.</summary>
    public const double SecondMomentDecay = 0.999;

    private const int NormalisedColumns = 9;
    private const double Epsilon = 1e-8;

    /// <summary>The momenta's decays.</summary>
    public static ReadOnlySpan<double> Decays => s_decays;

    /// <summary>Step counts at which the tanh embeddings tanh(t / s) turn.</summary>
    public static ReadOnlySpan<double> Timescales => s_timescales;

    // Arrays rather than span-returning collection expressions: a debug build allocates those at every read.
    private static readonly double[] s_decays = [0.5, 0.9, 0.99];
    private static readonly double[] s_timescales = [1, 3, 10, 30, 100, 300, 1000, 3000, 10000];

    /// <summary>The state length for <paramref name="parameters"/> parameters: three momenta, a second moment, the step count.</summary>
    public static int StateLength(int parameters) => (Decays.Length + 1) * parameters + 1;

    /// <summary>The steps taken, read from a state.</summary>
    public static long Steps<T>(ReadOnlySpan<T> state) where T : unmanaged, IFloatingPointIeee754<T> => long.CreateChecked(state[^1]);

    /// <summary>
    /// Folds <paramref name="gradient"/> into the moments held in <paramref name="state"/>, advances its
    /// step count, and writes one row of <paramref name="columns"/> features per parameter.
    /// </summary>
    /// <param name="theta">The parameters before the step.</param>
    /// <param name="gradient">Their gradient.</param>
    /// <param name="state">The optimizer state, <see cref="StateLength"/> long; zero at the start.</param>
    /// <param name="segmentEnds">Where each parameter tensor ends, ascending, the last being theta's length.</param>
    /// <param name="fractionDone">The fraction of the horizon done, written as the last feature when <paramref name="columns"/> is <see cref="TemporalCount"/>.</param>
    /// <param name="columns"><see cref="Count"/> or <see cref="TemporalCount"/>.</param>
    /// <param name="features">theta.Length rows of <paramref name="columns"/> features.</param>
    public static void Write<T>(ReadOnlySpan<T> theta, ReadOnlySpan<T> gradient, Span<T> state, ReadOnlySpan<int> segmentEnds,
        double fractionDone, int columns, Span<T> features) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = theta.Length, moments = Decays.Length;
        var v = state.Slice(moments * n, n);
        var beta2 = T.CreateChecked(SecondMomentDecay);
        long step = Steps<T>(state) + 1;
        state[^1] = T.CreateChecked(step);
        Span<T> embeddings = stackalloc T[Timescales.Length];
        for (int e = 0; e < embeddings.Length; e++) embeddings[e] = T.CreateChecked(Math.Tanh(step / Timescales[e]));
        var fraction = T.CreateChecked(fractionDone);
        var epsilon = T.CreateChecked(Epsilon);
        for (int i = 0; i < n; i++)
        {
            var g = gradient[i];
            v[i] = beta2 * v[i] + (T.One - beta2) * g * g;
            var inverseRms = T.One / T.Sqrt(v[i] + epsilon);
            var row = features.Slice(i * columns, columns);
            row[0] = theta[i];
            row[1] = g;
            row[5] = g * inverseRms;
            for (int k = 0; k < moments; k++)
            {
                var beta = T.CreateChecked(Decays[k]);
                ref var m = ref state[k * n + i];
                m = beta * m + (T.One - beta) * g;
                row[2 + k] = m;
                row[6 + k] = m * inverseRms;
            }
            embeddings.CopyTo(row.Slice(NormalisedColumns));
            if (columns == TemporalCount) row[^1] = fraction;
        }
        Normalise(features, segmentEnds, columns);
    }

    /// <summary>Divides each of the first columns by its root mean square over each parameter tensor.</summary>
    private static void Normalise<T>(Span<T> features, ReadOnlySpan<int> segmentEnds, int columns) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> scale = stackalloc T[NormalisedColumns];
        var tiny = T.CreateChecked(1e-18);
        int start = 0;
        foreach (int end in segmentEnds)
        {
            scale.Clear();
            for (int i = start; i < end; i++)
                for (int c = 0; c < NormalisedColumns; c++)
                {
                    var x = features[i * columns + c];
                    scale[c] += x * x;
                }
            var count = T.CreateChecked(end - start);
            for (int c = 0; c < NormalisedColumns; c++) scale[c] = T.One / T.Sqrt(scale[c] / count + tiny);
            for (int i = start; i < end; i++)
                for (int c = 0; c < NormalisedColumns; c++) features[i * columns + c] *= scale[c];
            start = end;
        }
    }
}
