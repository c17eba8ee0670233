using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// What a per-parameter learned optimizer sees, following learned_optimization's MLP optimizer: per
/// parameter its value, its gradient, momenta at three decays, and the gradient and momenta divided by
/// the root of a second moment, each column normalised by its root mean square over each parameter
/// tensor, so one optimizer suits tensors of any scale; and, shared by every parameter, one row of tanh
/// embeddings of the step count (and, for the temporally-aware variant, the fraction of the horizon done).
/// </summary>
/// <remarks>
/// An optimizer's state is one flat span (momenta, second moment, step count), so that it can live
/// inside a larger state, such as an evolution-strategies particle's.
/// </remarks>
public static partial class OptimizerFeatures
{
    /// <summary>Features of each parameter, one row per parameter.</summary>
    public const int Count = 9;

    /// <summary>Entries of the shared row of <see cref="Learners.MlpLearnedOptimizer"/>: the step's embeddings.</summary>
    public const int TimeCount = 9;

    /// <summary>Entries of the shared row of <see cref="Learners.TemporalMlpLearnedOptimizer"/>: one more, the fraction of the horizon done.</summary>
    public const int TemporalTimeCount = 10;

    /// <summary>
    /// The column holding the momentum at decay 0.9 divided by the root of the second moment (normalised
    /// over its tensor): Adam's direction, which <see cref="AdamImitation{TTarget, TNet, T}"/> teaches a fresh optimizer to follow.
    /// </summary>
    public const int AdamDirectionColumn = 7;

    /// <summary>The second moment's decay.</summary>
    public const double SecondMomentDecay = 0.999;

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
    /// step count, writes one row of <see cref="Count"/> features per parameter and the shared row.
    /// </summary>
    /// <param name="theta">The parameters before the step.</param>
    /// <param name="gradient">Their gradient.</param>
    /// <param name="state">The optimizer state, <see cref="StateLength"/> long; zero at the start.</param>
    /// <param name="segmentEnds">Where each parameter tensor ends, ascending, the last being theta's length.</param>
    /// <param name="fractionDone">The fraction of the horizon done, written as the shared row's last entry when it has <see cref="TemporalTimeCount"/>.</param>
    /// <param name="features">theta.Length rows of <see cref="Count"/> features.</param>
    /// <param name="time">The shared row: <see cref="TimeCount"/> or <see cref="TemporalTimeCount"/> entries.</param>
    public static void Write<T>(ReadOnlySpan<T> theta, ReadOnlySpan<T> gradient, Span<T> state, ReadOnlySpan<int> segmentEnds,
        double fractionDone, Span<T> features, Span<T> time) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = theta.Length;
        if (gradient.Length != n || state.Length != StateLength(n) || features.Length != n * Count || segmentEnds.IsEmpty || segmentEnds[^1] != n
            || time.Length is not (TimeCount or TemporalTimeCount))
            throw new ArgumentException($"Features for {n} parameters need a gradient of {n}, a state of {StateLength(n)}, {n * Count} features, segments ending at {n} "
                + $"and a shared row of {TimeCount} or {TemporalTimeCount}; got {gradient.Length}, {state.Length}, {features.Length}, "
                + $"{(segmentEnds.IsEmpty ? "none" : segmentEnds[^1].ToString(System.Globalization.CultureInfo.InvariantCulture))} and {time.Length}.");
        long step = Steps<T>(state) + 1;
        state[^1] = T.CreateChecked(step);
        for (int e = 0; e < TimeCount; e++) time[e] = T.CreateChecked(Math.Tanh(step / Timescales[e]));
        if (time.Length == TemporalTimeCount) time[^1] = T.CreateChecked(fractionDone);
        var moments = new Moments<T>(state, n);
        bool eightAtATime = typeof(T) == typeof(float) && Avx.IsSupported;
        var floatMoments = eightAtATime ? new Moments<float>(Cast<T, float>(state), n) : default;
        Span<T> sums = stackalloc T[Count];
        int start = 0;
        foreach (int end in segmentEnds)
        {
            sums.Clear();
            int i = start;
            if (eightAtATime)
                i = WriteEightAtATime(floatMoments, Cast<T, float>(theta), Cast<T, float>(gradient), start, end, Cast<T, float>(features), Cast<T, float>(sums));
            for (; i < end; i++)
            {
                var row = features.Slice(i * Count, Count);
                moments.Row(theta[i], gradient[i], i, row);
                for (int c = 0; c < Count; c++) sums[c] += row[c] * row[c];
            }
            Normalise(features, start, end, sums);
            start = end;
        }
    }

    /// <summary>Divides each column of rows [start, end) by its root mean square, from the sums of squares.</summary>
    private static void Normalise<T>(Span<T> features, int start, int end, Span<T> sums) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var tiny = T.CreateChecked(1e-18);
        var count = T.CreateChecked(end - start);
        for (int c = 0; c < Count; c++) sums[c] = T.One / T.Sqrt(sums[c] / count + tiny);
        if (typeof(T) == typeof(float) && Avx.IsSupported)
        {
            ScaleEightColumns(Cast<T, float>(features), start, end, Cast<T, float>(sums));
            return;
        }
        T s0 = sums[0], s1 = sums[1], s2 = sums[2], s3 = sums[3], s4 = sums[4], s5 = sums[5], s6 = sums[6], s7 = sums[7], s8 = sums[8];
        for (int i = start; i < end; i++)
        {
            var row = features.Slice(i * Count, Count);
            row[0] *= s0;
            row[1] *= s1;
            row[2] *= s2;
            row[3] *= s3;
            row[4] *= s4;
            row[5] *= s5;
            row[6] *= s6;
            row[7] *= s7;
            row[8] *= s8;
        }
    }

    /// <summary>
    /// One step's moment updates with the decays converted once: the three momenta, the second moment
    /// and their normalised forms, written as a row's <see cref="Count"/> features.
    /// </summary>
    private readonly ref struct Moments<T> where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _m0, _m1, _m2, _v;
        private readonly T _b0, _b1, _b2, _beta2, _c0, _c1, _c2, _oneMinusBeta2, _epsilon;

        public Moments(Span<T> state, int n)
        {
            _m0 = state.Slice(0, n);
            _m1 = state.Slice(n, n);
            _m2 = state.Slice(2 * n, n);
            _v = state.Slice(3 * n, n);
            _b0 = T.CreateChecked(s_decays[0]);
            _b1 = T.CreateChecked(s_decays[1]);
            _b2 = T.CreateChecked(s_decays[2]);
            _beta2 = T.CreateChecked(SecondMomentDecay);
            _c0 = T.One - _b0;
            _c1 = T.One - _b1;
            _c2 = T.One - _b2;
            _oneMinusBeta2 = T.One - _beta2;
            _epsilon = T.CreateChecked(Epsilon);
        }

        /// <summary>
        /// <see cref="Row"/> for the 256-bit vector of parameters from <paramref name="i"/>, lane by lane the same
        /// arithmetic: the moments are updated and <paramref name="columns"/> receives the nine columns.
        /// </summary>
        public void Vectors(ReadOnlySpan<T> theta, ReadOnlySpan<T> gradient, int i, out ColumnVectors<T> columns)
        {
            int w = Vector256<T>.Count;
            var g = Vector256.Create(gradient.Slice(i, w));
            var v = Vector256.Create(_beta2) * Vector256.Create((ReadOnlySpan<T>)_v.Slice(i, w)) + Vector256.Create(_oneMinusBeta2) * g * g;
            v.CopyTo(_v.Slice(i, w));
            var inverseRms = Vector256<T>.One / Vector256.Sqrt(v + Vector256.Create(_epsilon));
            var m0 = Vector256.Create(_b0) * Vector256.Create((ReadOnlySpan<T>)_m0.Slice(i, w)) + Vector256.Create(_c0) * g;
            var m1 = Vector256.Create(_b1) * Vector256.Create((ReadOnlySpan<T>)_m1.Slice(i, w)) + Vector256.Create(_c1) * g;
            var m2 = Vector256.Create(_b2) * Vector256.Create((ReadOnlySpan<T>)_m2.Slice(i, w)) + Vector256.Create(_c2) * g;
            m0.CopyTo(_m0.Slice(i, w));
            m1.CopyTo(_m1.Slice(i, w));
            m2.CopyTo(_m2.Slice(i, w));
            columns = new ColumnVectors<T>(Vector256.Create(theta.Slice(i, w)), g, m0, m1, m2, g * inverseRms, m0 * inverseRms, m1 * inverseRms, m2 * inverseRms);
        }

        public void Row(T theta, T g, int i, Span<T> row)
        {
            var v = _beta2 * _v[i] + _oneMinusBeta2 * g * g;
            _v[i] = v;
            var inverseRms = T.One / T.Sqrt(v + _epsilon);
            var m0 = _b0 * _m0[i] + _c0 * g;
            var m1 = _b1 * _m1[i] + _c1 * g;
            var m2 = _b2 * _m2[i] + _c2 * g;
            _m0[i] = m0;
            _m1[i] = m1;
            _m2[i] = m2;
            row[8] = m2 * inverseRms;
            row[0] = theta;
            row[1] = g;
            row[2] = m0;
            row[3] = m1;
            row[4] = m2;
            row[5] = g * inverseRms;
            row[6] = m0 * inverseRms;
            row[7] = m1 * inverseRms;
        }
    }
}
