using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Element-wise kernels of the outer loop (one thread per parameter, auto-grouped).</summary>
public static class UpdateKernels
{
    /// <summary>
    /// mean[i] = inverseTasks · Σ_t gradients[t·P + i], summed in task order so the result does not
    /// depend on the launch shape.
    /// </summary>
    public static void MeanOverTasks<T>(Index1D i, ArrayView<T> gradients, int tasks, T inverseTasks, ArrayView<T> mean)
        where T : unmanaged, INumber<T>
    {
        long count = mean.Length;
        T sum = T.Zero;
        for (int t = 0; t < tasks; t++) sum += gradients[t * count + i];
        mean[i] = sum * inverseTasks;
    }

    /// <summary>
    /// One Adam step for parameter i, with the bias corrections folded into host-computed scalars:
    /// theta ← decay · theta, then m ← β1 m + (1 − β1) g, v ← β2 v + (1 − β2) g², theta ← theta − step · m / (√v · correction + ε).
    /// Adam passes decay = 1; AdamW passes 1 − lr · weight decay.
    /// </summary>
    public static void Adam<T, TMath>(Index1D i, ArrayView<T> theta, ArrayView<T> gradient, ArrayView<T> first, ArrayView<T> second,
        AdamScalars<T> s) where T : unmanaged, INumber<T> where TMath : struct, IKernelMath<T>
    {
        T g = gradient[i];
        T m = s.Beta1 * first[i] + (T.One - s.Beta1) * g;
        T v = s.Beta2 * second[i] + (T.One - s.Beta2) * g * g;
        first[i] = m;
        second[i] = v;
        T decayed = theta[i] * s.Decay;
        theta[i] = decayed - s.Step * m / (TMath.Sqrt(v) * s.SecondCorrection + s.Epsilon);
    }
}
