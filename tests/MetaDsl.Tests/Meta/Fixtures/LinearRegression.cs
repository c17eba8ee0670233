using System.Numerics;

namespace MetaDsl.Tests.Meta.Fixtures;

/// <summary>
/// y = x·W + B with three features and MSE loss: its Hessian (2/n)·[x 1]ᵀ[x 1] is constant, so the
/// proximal (ridge) inner problem of iMAML has a closed-form solution for tests to compare against.
/// </summary>
internal sealed class LinearRegression : ILearner<LinearRegression>
{
    public const int Features = 3;

    public static LearnerInfo Info { get; } = FixtureInfo.Build(nameof(LinearRegression),
        [("W", [Features, 1], false), ("B", [1], false)],
        [new("x", ["n", "3"]), new("y", ["n", "1"])], [new("x", ["n", "3"])], ["n", "1"]);

    public static void Initialize<T>(Span<T> theta, int seed) where T : unmanaged, IFloatingPointIeee754<T> => FixtureInfo.Fill(theta, seed);

    public static T Loss<T>(ReadOnlySpan<T> theta, Batch<T> batch) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(theta, batch, stackalloc T[Features + 1]);

    public static T Gradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        int n = y.Length;
        T scale = T.One / T.CreateChecked(n), loss = T.Zero;
        gradient.Clear();
        for (int i = 0; i < n; i++)
        {
            T r = Affine(theta, x.AsSpan(i * Features, Features)) - y[i];
            loss += r * r;
            Accumulate(gradient, x.AsSpan(i * Features, Features), T.CreateChecked(2) * r * scale);
        }
        return loss * scale;
    }

    public static void HessianVectorProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> hv) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        int n = batch[1].Length;
        T scale = T.One / T.CreateChecked(n);
        hv.Clear();
        for (int i = 0; i < n; i++)
            Accumulate(hv, x.AsSpan(i * Features, Features), T.CreateChecked(2) * Affine(v, x.AsSpan(i * Features, Features)) * scale);
    }

    public static void MixedProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
        HessianVectorProduct(theta, batch, v, result);

    public static void Predict<T>(ReadOnlySpan<T> theta, Batch<T> inputs, Span<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0].Data;
        for (int i = 0; i < output.Length; i++) output[i] = Affine(theta, x.AsSpan(i * Features, Features));
    }

    /// <summary>J(theta)ᵀ·c of the affine map: each row weighted by its cotangent.</summary>
    public static void PredictPullback<T>(ReadOnlySpan<T> theta, Batch<T> inputs, ReadOnlySpan<T> cotangent, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0].Data;
        gradient.Clear();
        for (int i = 0; i < cotangent.Length; i++) Accumulate(gradient, x.AsSpan(i * Features, Features), cotangent[i]);
    }

    private static T Affine<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> row) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T s = w[Features];
        for (int k = 0; k < Features; k++) s += row[k] * w[k];
        return s;
    }

    private static void Accumulate<T>(Span<T> target, ReadOnlySpan<T> row, T weight) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < Features; k++) target[k] += row[k] * weight;
        target[Features] += weight;
    }
}
