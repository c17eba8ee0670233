using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// Group-level building blocks for a ReLU MLP with MSE loss: forward pass, gradient and the exact
/// Hessian-vector product (forward over reverse). Every method is called by all threads of a
/// one-dimensional group, reads inputs visible to the whole group, and ends with a barrier.
/// Layer l computes z_l = a_{l-1} W_l + b_l with a_{-1} = x; hidden layers apply ReLU, the last is linear.
/// </summary>
internal static class MlpProgram
{
    /// <summary>Loss at theta on (x, y); writes its gradient.</summary>
    public static T LossGradient<T>(MlpLayout layout, ArrayView<T> theta, ArrayView<T> x, ArrayView<T> y, int points,
        T inverseCount, MlpActivations<T> a, ArrayView<T> gradient) where T : unmanaged, INumber<T>
    {
        Forward(layout, theta, theta, tangent: false, x, points, a);
        T loss = OutputDelta(layout, y, points, inverseCount, a, tangent: false);
        Backward(layout, theta, theta, x, points, a, gradient, writeGradient: true, gradient, writeProduct: false);
        return loss;
    }

    /// <summary>Loss at theta on (x, y); writes hv = H(theta)·v and, when <paramref name="writeGradient"/>, the gradient.</summary>
    public static T HessianVector<T>(MlpLayout layout, ArrayView<T> theta, ArrayView<T> v, ArrayView<T> x, ArrayView<T> y,
        int points, T inverseCount, MlpActivations<T> a, ArrayView<T> gradient, bool writeGradient, ArrayView<T> hv)
        where T : unmanaged, INumber<T>
    {
        Forward(layout, theta, v, tangent: true, x, points, a);
        T loss = OutputDelta(layout, y, points, inverseCount, a, tangent: true);
        Backward(layout, theta, v, x, points, a, gradient, writeGradient, hv, writeProduct: true);
        return loss;
    }

    // Pre-activations of every layer; with a tangent also their derivatives along v:
    // zdot_l = adot_{l-1} W_l + a_{l-1} vW_l + vb_l.
    private static void Forward<T>(MlpLayout layout, ArrayView<T> theta, ArrayView<T> v, bool tangent, ArrayView<T> x,
        int points, MlpActivations<T> a) where T : unmanaged, INumber<T>
    {
        int weights = 0, zOffset = 0, previous = 0;
        for (int l = 0; l < layout.Layers; l++)
        {
            int inputs = layout.Sizes[l], outputs = layout.Sizes[l + 1];
            int bias = weights + inputs * outputs;
            for (int index = Group.IdxX; index < points * outputs; index += Group.DimX)
            {
                int p = index / outputs, j = index - p * outputs;
                T sum = theta[bias + j];
                T dsum = tangent ? v[bias + j] : T.Zero;
                for (int i = 0; i < inputs; i++)
                {
                    LayerInput(l, x, a, previous, p * inputs + i, tangent, out T act, out T dact);
                    T w = theta[weights + i * outputs + j];
                    sum += act * w;
                    if (tangent) dsum += dact * w + act * v[weights + i * outputs + j];
                }
                a.Z[zOffset + index] = sum;
                if (tangent) a.ZDot[zOffset + index] = dsum;
            }
            Group.Barrier();
            previous = zOffset;
            zOffset += points * outputs;
            weights = bias + outputs;
        }
    }

    // dL/dz of the output layer into Delta0 (its tangent into DeltaDot0); returns the loss to every thread.
    private static T OutputDelta<T>(MlpLayout layout, ArrayView<T> y, int points, T inverseCount, MlpActivations<T> a, bool tangent)
        where T : unmanaged, INumber<T>
    {
        int outputs = layout.Sizes[layout.Layers];
        int count = points * outputs;
        int last = points * (layout.OutputUnits - outputs);
        T scale = (T.One + T.One) * inverseCount;
        T squares = T.Zero;
        for (int index = Group.IdxX; index < count; index += Group.DimX)
        {
            T residual = a.Z[last + index] - y[index];
            squares += residual * residual;
            a.Delta0[index] = scale * residual;
            if (tangent) a.DeltaDot0[index] = scale * a.ZDot[last + index];
        }
        return GroupSum.Of(squares) * inverseCount;
    }

    // Back-propagation from OutputDelta:
    //   dW_l = a_{l-1}ᵀ delta_l                 d(dW_l) = adot_{l-1}ᵀ delta_l + a_{l-1}ᵀ ddelta_l
    //   db_l = Σ_p delta_l                      d(db_l) = Σ_p ddelta_l
    //   delta_{l-1}  = (delta_l W_lᵀ) ⊙ relu'(z_{l-1})
    //   ddelta_{l-1} = (ddelta_l W_lᵀ + delta_l vW_lᵀ) ⊙ relu'(z_{l-1})     (relu'' = 0 almost everywhere)
    private static void Backward<T>(MlpLayout layout, ArrayView<T> theta, ArrayView<T> v, ArrayView<T> x, int points,
        MlpActivations<T> a, ArrayView<T> gradient, bool writeGradient, ArrayView<T> hv, bool writeProduct)
        where T : unmanaged, INumber<T>
    {
        int current = 0;
        int weights = layout.ParameterCount;
        int zOffset = points * layout.OutputUnits;
        for (int l = layout.Layers - 1; l >= 0; l--)
        {
            int inputs = layout.Sizes[l], outputs = layout.Sizes[l + 1];
            weights -= inputs * outputs + outputs;
            zOffset -= points * outputs;
            int previous = zOffset - points * inputs;   // layer l-1's block; meaningful only for l > 0
            var delta = a.Delta(current);
            var deltaDot = a.DeltaDot(current);

            for (int index = Group.IdxX; index < inputs * outputs + outputs; index += Group.DimX)
            {
                T g = T.Zero, h = T.Zero;
                if (index < inputs * outputs)
                {
                    int i = index / outputs, j = index - i * outputs;
                    for (int p = 0; p < points; p++)
                    {
                        LayerInput(l, x, a, previous, p * inputs + i, writeProduct, out T act, out T dact);
                        g += act * delta[p * outputs + j];
                        if (writeProduct) h += dact * delta[p * outputs + j] + act * deltaDot[p * outputs + j];
                    }
                }
                else
                {
                    int j = index - inputs * outputs;
                    for (int p = 0; p < points; p++)
                    {
                        g += delta[p * outputs + j];
                        if (writeProduct) h += deltaDot[p * outputs + j];
                    }
                }
                if (writeGradient) gradient[weights + index] = g;
                if (writeProduct) hv[weights + index] = h;
            }

            if (l > 0)
            {
                var next = a.Delta(current ^ 1);
                var nextDot = a.DeltaDot(current ^ 1);
                for (int index = Group.IdxX; index < points * inputs; index += Group.DimX)
                {
                    int p = index / inputs, i = index - p * inputs;
                    T s = T.Zero, ds = T.Zero;
                    if (a.Z[previous + index] > T.Zero)
                    {
                        for (int j = 0; j < outputs; j++)
                        {
                            T w = theta[weights + i * outputs + j];
                            s += delta[p * outputs + j] * w;
                            if (writeProduct) ds += deltaDot[p * outputs + j] * w + delta[p * outputs + j] * v[weights + i * outputs + j];
                        }
                    }
                    next[index] = s;
                    if (writeProduct) nextDot[index] = ds;
                }
            }
            Group.Barrier();
            current ^= 1;
        }
    }

    // Input activation at flat index k of layer l, and its tangent: x for the first layer, else ReLU of the layer below.
    private static void LayerInput<T>(int l, ArrayView<T> x, MlpActivations<T> a, int previous, int k, bool tangent,
        out T act, out T dact) where T : unmanaged, INumber<T>
    {
        if (l == 0)
        {
            act = x[k];
            dact = T.Zero;
            return;
        }
        T pre = a.Z[previous + k];
        bool on = pre > T.Zero;
        act = on ? pre : T.Zero;
        dact = tangent && on ? a.ZDot[previous + k] : T.Zero;
    }
}
