using System.Numerics;

namespace MetaDsl.Tests.Meta.Fixtures;

/// <summary>
/// A ProtoNet embedding e = tanh(x·W + B), [n, 2] → [n, 3], whose [Loss] is the pull-back contract
/// Sum(Predict(x) ⊙ c), c an [n, 3] cotangent.
/// </summary>
internal sealed class TanhEmbedding : ILearner<TanhEmbedding>
{
    public const int Features = 2, Dim = 3;
    private const int W = 0, B = Features * Dim;

    public static LearnerInfo Info { get; } = FixtureInfo.Build(nameof(TanhEmbedding),
        [("W", [Features, Dim], false), ("B", [Dim], false)],
        [new("x", ["n", "2"]), new("c", ["n", "3"])], [new("x", ["n", "2"])], ["n", "3"]);

    public static void Initialize<T>(Span<T> theta, int seed) where T : unmanaged, IFloatingPointIeee754<T> => FixtureInfo.Fill(theta, seed, 1.0);

    public static T Loss<T>(ReadOnlySpan<T> theta, Batch<T> batch) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(theta, batch, stackalloc T[B + Dim]);

    public static T Gradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var c = batch[1].Data;
        T loss = T.Zero;
        gradient.Clear();
        for (int i = 0; i < c.Length / Dim; i++)
        {
            for (int j = 0; j < Dim; j++)
            {
                T t = Output(theta, x, i, j), cij = c[i * Dim + j];
                loss += t * cij;
                T g = cij * (T.One - t * t);
                for (int k = 0; k < Features; k++) gradient[W + k * Dim + j] += x[i * Features + k] * g;
                gradient[B + j] += g;
            }
        }
        return loss;
    }

    public static void HessianVectorProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> hv) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var c = batch[1].Data;
        hv.Clear();
        for (int i = 0; i < c.Length / Dim; i++)
        {
            for (int j = 0; j < Dim; j++)
            {
                T t = Output(theta, x, i, j);
                T ra = v[B + j];
                for (int k = 0; k < Features; k++) ra += x[i * Features + k] * v[W + k * Dim + j];
                T rg = c[i * Dim + j] * -T.CreateChecked(2) * t * (T.One - t * t) * ra;
                for (int k = 0; k < Features; k++) hv[W + k * Dim + j] += x[i * Features + k] * rg;
                hv[B + j] += rg;
            }
        }
    }

    public static void MixedProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
        HessianVectorProduct(theta, batch, v, result);

    public static void Predict<T>(ReadOnlySpan<T> theta, Batch<T> inputs, Span<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0].Data;
        for (int i = 0; i < output.Length / Dim; i++)
            for (int j = 0; j < Dim; j++) output[i * Dim + j] = Output(theta, x, i, j);
    }

    private static T Output<T>(ReadOnlySpan<T> theta, T[] x, int i, int j) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T a = theta[B + j];
        for (int k = 0; k < Features; k++) a += x[i * Features + k] * theta[W + k * Dim + j];
        return T.Tanh(a);
    }
}
