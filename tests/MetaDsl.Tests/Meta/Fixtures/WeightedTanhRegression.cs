using System.Numerics;

namespace MetaDsl.Tests.Meta.Fixtures;

/// <summary>
/// Two outputs t = tanh(x·W + B) with a learned per-output loss weight exp(S_j), S a [MetaParam]:
/// L = (1/n) Σ_i Σ_j exp(S_j)·(t_ij − y_ij)². S changes the support Hessian, so MAML's gradient for
/// S flows through every inner step by the mixed product.
/// </summary>
internal sealed class WeightedTanhRegression : ILearner<WeightedTanhRegression>
{
    public const int Features = 2, Outputs = 2;
    private const int W = 0, B = Features * Outputs, S = B + Outputs;

    public static LearnerInfo Info { get; } = FixtureInfo.Build(nameof(WeightedTanhRegression),
        [("W", [Features, Outputs], false), ("B", [Outputs], false), ("S", [Outputs], true)],
        [new("x", ["n", "2"]), new("y", ["n", "2"])], [new("x", ["n", "2"])], ["n", "2"]);

    public static void Initialize<T>(Span<T> theta, int seed) where T : unmanaged, IFloatingPointIeee754<T> => FixtureInfo.Fill(theta, seed);

    public static T Loss<T>(ReadOnlySpan<T> theta, Batch<T> batch) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(theta, batch, stackalloc T[S + Outputs]);

    public static T Gradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        int n = y.Length / Outputs;
        T scale = T.One / T.CreateChecked(n), two = T.CreateChecked(2), loss = T.Zero;
        gradient.Clear();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                T t = Output(theta, x, i, j), w = T.Exp(theta[S + j]);
                T r = t - y[i * Outputs + j];
                loss += w * r * r;
                gradient[S + j] += w * r * r * scale;
                T g = two * scale * w * r * (T.One - t * t);
                for (int k = 0; k < Features; k++) gradient[W + k * Outputs + j] += x[i * Features + k] * g;
                gradient[B + j] += g;
            }
        }
        return loss * scale;
    }

    public static void HessianVectorProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> hv) where T : unmanaged, IFloatingPointIeee754<T> =>
        Product(theta, batch, v, hv, metaDirection: true);

    public static void MixedProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
        Product(theta, batch, v, result, metaDirection: false);

    public static void Predict<T>(ReadOnlySpan<T> theta, Batch<T> inputs, Span<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0].Data;
        for (int i = 0; i < output.Length / Outputs; i++)
            for (int j = 0; j < Outputs; j++) output[i * Outputs + j] = Output(theta, x, i, j);
    }

    /// <summary>J(theta)ᵀ·c: through tanh to W and B; the loss weights S do not touch the prediction.</summary>
    public static void PredictPullback<T>(ReadOnlySpan<T> theta, Batch<T> inputs, ReadOnlySpan<T> cotangent, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0].Data;
        gradient.Clear();
        for (int i = 0; i < cotangent.Length / Outputs; i++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                T t = Output(theta, x, i, j);
                T g = cotangent[i * Outputs + j] * (T.One - t * t);
                for (int k = 0; k < Features; k++) gradient[W + k * Outputs + j] += x[i * Features + k] * g;
                gradient[B + j] += g;
            }
        }
    }

    /// <summary>H·v by the R-operator; without <paramref name="metaDirection"/> the S entries of v count as zero (the mixed product).</summary>
    private static void Product<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> hv, bool metaDirection) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        int n = y.Length / Outputs;
        T scale = T.One / T.CreateChecked(n), two = T.CreateChecked(2);
        hv.Clear();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < Outputs; j++)
            {
                T t = Output(theta, x, i, j), w = T.Exp(theta[S + j]);
                T r = t - y[i * Outputs + j];
                T vs = metaDirection ? v[S + j] : T.Zero;
                T ra = v[B + j];
                for (int k = 0; k < Features; k++) ra += x[i * Features + k] * v[W + k * Outputs + j];
                T rt = (T.One - t * t) * ra;
                T rg = two * scale * w * ((vs * r + rt) * (T.One - t * t) - two * r * t * rt);
                for (int k = 0; k < Features; k++) hv[W + k * Outputs + j] += x[i * Features + k] * rg;
                hv[B + j] += rg;
                hv[S + j] += scale * w * (vs * r * r + two * r * rt);
            }
        }
    }

    private static T Output<T>(ReadOnlySpan<T> theta, T[] x, int i, int j) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = theta[B + j];
        for (int k = 0; k < Features; k++) a += x[i * Features + k] * theta[W + k * Outputs + j];
        return T.Tanh(a);
    }
}
