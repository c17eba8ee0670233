namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>
/// Double-precision reference of the MLP the CUDA kernels implement (ReLU hidden layers, linear
/// output, MSE loss, flat theta as in <see cref="MlpShape"/>): loss, gradient, and exact H·v by
/// forward-over-reverse. Written for clarity, not speed; it is what the GPU kernels are checked
/// against, it is itself checked against finite differences, and the CPU accelerator runs it as
/// the MLP kernels' C# twin.
/// </summary>
public sealed class MlpReference(MlpShape shape)
{
    /// <summary>The network's shape.</summary>
    public MlpShape Shape { get; } = shape ?? throw new ArgumentNullException(nameof(shape));

    /// <summary>Mean squared error of the predictions for <paramref name="x"/> [n, in] against <paramref name="y"/> [n, out].</summary>
    public double Loss(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y) =>
        Evaluate(theta, default, x, y, default, default);

    /// <summary>Writes dLoss/dtheta into <paramref name="gradient"/>; returns the loss.</summary>
    public double Gradient(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> gradient)
    {
        RequireLength(gradient.Length, nameof(gradient));
        return Evaluate(theta, default, x, y, gradient, default);
    }

    /// <summary>
    /// Writes the exact Hessian-vector product H(theta)·<paramref name="v"/> into <paramref name="hv"/>
    /// and, when <paramref name="gradient"/> is not empty, the gradient; returns the loss.
    /// </summary>
    public double HessianVectorProduct(ReadOnlySpan<double> theta, ReadOnlySpan<double> x, ReadOnlySpan<double> y,
        ReadOnlySpan<double> v, Span<double> hv, Span<double> gradient = default)
    {
        RequireLength(v.Length, nameof(v));
        RequireLength(hv.Length, nameof(hv));
        if (!gradient.IsEmpty) RequireLength(gradient.Length, nameof(gradient));
        return Evaluate(theta, v, x, y, gradient, hv);
    }

    // One routine for all three: forward (with tangents when v is given), loss, backward (with
    // tangents when hv is wanted). The recurrences are listed in mlp_device.cu.
    private double Evaluate(ReadOnlySpan<double> theta, ReadOnlySpan<double> v, ReadOnlySpan<double> x,
        ReadOnlySpan<double> y, Span<double> gradient, Span<double> hv)
    {
        RequireLength(theta.Length, nameof(theta));
        var sizes = Shape.LayerSizes;
        var layers = Shape.LayerCount;
        if (x.Length % Shape.InputSize != 0)
            throw new ArgumentException($"x has {x.Length} values, not a multiple of the input size {Shape.InputSize}.", nameof(x));
        var n = x.Length / Shape.InputSize;
        if (n == 0) throw new ArgumentException("At least one point is needed.", nameof(x));
        if (y.Length != n * Shape.OutputSize)
            throw new ArgumentException($"y has {y.Length} values; {n} points need {n * Shape.OutputSize}.", nameof(y));
        var tangent = !v.IsEmpty;

        var z = new double[layers][];
        var zdot = new double[layers][];
        for (var l = 0; l < layers; l++)
        {
            int inputs = sizes[l], outputs = sizes[l + 1], w = Shape.WeightOffset(l), b = Shape.BiasOffset(l);
            z[l] = new double[n * outputs];
            zdot[l] = new double[n * outputs];
            for (var p = 0; p < n; p++)
            for (var j = 0; j < outputs; j++)
            {
                double sum = theta[b + j], dsum = tangent ? v[b + j] : 0;
                for (var i = 0; i < inputs; i++)
                {
                    var (act, dact) = Input(l, p * inputs + i, x, z, zdot);
                    sum += act * theta[w + i * outputs + j];
                    if (tangent) dsum += dact * theta[w + i * outputs + j] + act * v[w + i * outputs + j];
                }
                z[l][p * outputs + j] = sum;
                zdot[l][p * outputs + j] = dsum;
            }
        }

        var count = n * Shape.OutputSize;
        var delta = new double[count];
        var ddelta = new double[count];
        var loss = 0.0;
        for (var k = 0; k < count; k++)
        {
            var residual = z[layers - 1][k] - y[k];
            loss += residual * residual;
            delta[k] = 2 * residual / count;
            ddelta[k] = 2 * zdot[layers - 1][k] / count;
        }
        loss /= count;
        if (gradient.IsEmpty && hv.IsEmpty) return loss;

        for (var l = layers - 1; l >= 0; l--)
        {
            int inputs = sizes[l], outputs = sizes[l + 1], w = Shape.WeightOffset(l), b = Shape.BiasOffset(l);
            for (var i = 0; i < inputs; i++)
            for (var j = 0; j < outputs; j++)
            {
                double g = 0, h = 0;
                for (var p = 0; p < n; p++)
                {
                    var (act, dact) = Input(l, p * inputs + i, x, z, zdot);
                    g += act * delta[p * outputs + j];
                    h += dact * delta[p * outputs + j] + act * ddelta[p * outputs + j];
                }
                if (!gradient.IsEmpty) gradient[w + i * outputs + j] = g;
                if (!hv.IsEmpty) hv[w + i * outputs + j] = h;
            }
            for (var j = 0; j < outputs; j++)
            {
                double g = 0, h = 0;
                for (var p = 0; p < n; p++)
                {
                    g += delta[p * outputs + j];
                    h += ddelta[p * outputs + j];
                }
                if (!gradient.IsEmpty) gradient[b + j] = g;
                if (!hv.IsEmpty) hv[b + j] = h;
            }
            if (l == 0) break;

            var previous = new double[n * inputs];
            var dprevious = new double[n * inputs];
            for (var p = 0; p < n; p++)
            for (var i = 0; i < inputs; i++)
            {
                if (z[l - 1][p * inputs + i] <= 0) continue;   // ReLU passes nothing back where it was off
                double s = 0, ds = 0;
                for (var j = 0; j < outputs; j++)
                {
                    var weight = theta[w + i * outputs + j];
                    s += delta[p * outputs + j] * weight;
                    if (tangent) ds += ddelta[p * outputs + j] * weight + delta[p * outputs + j] * v[w + i * outputs + j];
                }
                previous[p * inputs + i] = s;
                dprevious[p * inputs + i] = ds;
            }
            delta = previous;
            ddelta = dprevious;
        }
        return loss;
    }

    // The input to layer l at flat index k, and its tangent: x for the first layer, else ReLU of the layer below.
    private static (double Value, double Tangent) Input(int l, int k, ReadOnlySpan<double> x, double[][] z, double[][] zdot)
    {
        if (l == 0) return (x[k], 0);
        var pre = z[l - 1][k];
        return pre > 0 ? (pre, zdot[l - 1][k]) : (0, 0);
    }

    private void RequireLength(int length, string name)
    {
        if (length != Shape.ParameterCount)
            throw new ArgumentException($"{name} has {length} values; the {Shape} MLP has {Shape.ParameterCount} parameters.", name);
    }
}
