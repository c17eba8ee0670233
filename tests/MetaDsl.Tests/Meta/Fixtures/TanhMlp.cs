using System.Numerics;

namespace MetaDsl.Tests.Meta.Fixtures;

/// <summary>
/// y = tanh(x·W1 + B1)·W2 + B2 with one input, six hidden units and MSE loss (19 parameters).
/// Gradient by hand; H·v by Pearlmutter's R-operator (forward-mode derivative of the reverse pass),
/// itself checked against finite differences of the gradient.
/// </summary>
internal sealed class TanhMlp : ILearner<TanhMlp>
{
    public const int Hidden = 6;
    private const int W1 = 0, B1 = Hidden, W2 = 2 * Hidden, B2 = 3 * Hidden;

    public static LearnerInfo Info { get; } = FixtureInfo.Build(nameof(TanhMlp),
        [("W1", [1, Hidden], false), ("B1", [Hidden], false), ("W2", [Hidden, 1], false), ("B2", [1], false)],
        [new("x", ["n", "1"]), new("y", ["n", "1"])], [new("x", ["n", "1"])], ["n", "1"]);

    public static void Initialize<T>(Span<T> theta, int seed) where T : unmanaged, IFloatingPointIeee754<T> => FixtureInfo.Fill(theta, seed, 1.0);

    public static T Loss<T>(ReadOnlySpan<T> theta, Batch<T> batch) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(theta, batch, stackalloc T[Info.ParameterCount], withGradient: false);

    public static T Gradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T> =>
        Gradient(theta, batch, gradient, withGradient: true);

    private static T Gradient<T>(ReadOnlySpan<T> theta, Batch<T> batch, Span<T> gradient, bool withGradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        int n = x.Length;
        T two = T.CreateChecked(2), scale = T.One / T.CreateChecked(n), loss = T.Zero;
        gradient.Clear();
        Span<T> h = stackalloc T[Hidden];
        for (int i = 0; i < n; i++)
        {
            T r = Row(theta, x[i], h) - y[i];
            loss += r * r;
            if (!withGradient) continue;
            BackPropagate(theta, x[i], h, two * r * scale, gradient);
        }
        return loss * scale;
    }

    public static void HessianVectorProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> hv) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        int n = x.Length;
        T two = T.CreateChecked(2), scale = T.One / T.CreateChecked(n);
        hv.Clear();
        Span<T> h = stackalloc T[Hidden];
        Span<T> rh = stackalloc T[Hidden];
        for (int i = 0; i < n; i++)
        {
            T r = Row(theta, x[i], h) - y[i];
            T dy = two * r * scale;
            // R-forward: the directional derivative of every activation along v.
            T ry = v[B2];
            for (int j = 0; j < Hidden; j++)
            {
                T ra = x[i] * v[W1 + j] + v[B1 + j];
                rh[j] = (T.One - h[j] * h[j]) * ra;
                ry += rh[j] * theta[W2 + j] + h[j] * v[W2 + j];
            }
            T rdy = two * ry * scale;
            // R-backward: the directional derivative of every adjoint.
            hv[B2] += rdy;
            for (int j = 0; j < Hidden; j++)
            {
                hv[W2 + j] += rh[j] * dy + h[j] * rdy;
                T dh = dy * theta[W2 + j];
                T rdh = rdy * theta[W2 + j] + dy * v[W2 + j];
                T rda = rdh * (T.One - h[j] * h[j]) - two * h[j] * rh[j] * dh;
                hv[W1 + j] += x[i] * rda;
                hv[B1 + j] += rda;
            }
        }
    }

    public static void MixedProduct<T>(ReadOnlySpan<T> theta, Batch<T> batch, ReadOnlySpan<T> v, Span<T> result) where T : unmanaged, IFloatingPointIeee754<T> =>
        HessianVectorProduct(theta, batch, v, result);

    public static void Predict<T>(ReadOnlySpan<T> theta, Batch<T> inputs, Span<T> output) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Span<T> h = stackalloc T[Hidden];
        var x = inputs[0].Data;
        for (int i = 0; i < x.Length; i++) output[i] = Row(theta, x[i], h);
    }

    /// <summary>J(theta)ᵀ·c: back-propagation with the cotangent in place of the loss's output derivative.</summary>
    public static void PredictPullback<T>(ReadOnlySpan<T> theta, Batch<T> inputs, ReadOnlySpan<T> cotangent, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var x = inputs[0].Data;
        gradient.Clear();
        Span<T> h = stackalloc T[Hidden];
        for (int i = 0; i < x.Length; i++)
        {
            Row(theta, x[i], h);
            BackPropagate(theta, x[i], h, cotangent[i], gradient);
        }
    }

    /// <summary>Adds one row's contribution to dL/dtheta given dL/dy = <paramref name="dy"/> and the row's hidden activations.</summary>
    private static void BackPropagate<T>(ReadOnlySpan<T> theta, T x, ReadOnlySpan<T> h, T dy, Span<T> gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradient[B2] += dy;
        for (int j = 0; j < Hidden; j++)
        {
            gradient[W2 + j] += h[j] * dy;
            T da = dy * theta[W2 + j] * (T.One - h[j] * h[j]);
            gradient[W1 + j] += x * da;
            gradient[B1 + j] += da;
        }
    }

    private static T Row<T>(ReadOnlySpan<T> theta, T x, Span<T> h) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T y = theta[B2];
        for (int j = 0; j < Hidden; j++)
        {
            h[j] = T.Tanh(x * theta[W1 + j] + theta[B1 + j]);
            y += h[j] * theta[W2 + j];
        }
        return y;
    }
}
