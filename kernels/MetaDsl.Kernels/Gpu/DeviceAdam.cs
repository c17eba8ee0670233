using System.Numerics;
using ILGPU;
using ILGPU.Runtime;

namespace MetaDsl.Kernels.Gpu;

/// <summary>
/// Adam and AdamW (decoupled weight decay) with their moments on the device: each step uploads the
/// gradient, runs <see cref="UpdateKernels.Adam"/> and, for host-resident parameters, copies theta
/// both ways. The update is the one of <c>MetaDsl.Optimizers.Adam</c>: bias corrections folded into
/// a step size and a second-moment factor. Not thread-safe: one per parameter vector.
/// </summary>
public sealed class DeviceAdam<T> : IDisposable where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Accelerator _accelerator;
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _theta, _gradient, _first, _second;
    private readonly Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, AdamScalars<T>> _step;
    private readonly T _beta1, _beta2, _epsilon;
    private T _beta1Power = T.One, _beta2Power = T.One;

    /// <summary>Loads the kernel and allocates the moments (zero) for <paramref name="length"/> parameters.</summary>
    public DeviceAdam(Accelerator accelerator, int length, T beta1, T beta2, T epsilon, T weightDecay)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (!(beta1 >= T.Zero && beta1 < T.One)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1).");
        if (!(beta2 >= T.Zero && beta2 < T.One)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1).");
        if (!(epsilon > T.Zero)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive.");
        if (!(weightDecay >= T.Zero)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "Weight decay must be non-negative.");
        _accelerator = accelerator;
        // CUDA makes a context current per thread, and the caller may be on any thread.
        accelerator.Bind();
        _beta1 = beta1;
        _beta2 = beta2;
        _epsilon = epsilon;
        WeightDecay = weightDecay;
        Length = length;
        _step = LoadStep(accelerator);
        _theta = accelerator.Allocate1D<T>(length);
        _gradient = accelerator.Allocate1D<T>(length);
        _first = accelerator.Allocate1D<T>(length);
        _second = accelerator.Allocate1D<T>(length);
        _first.MemSetToZero();
        _second.MemSetToZero();
    }

    /// <summary>Parameters updated per step.</summary>
    public int Length { get; }

    /// <summary>Decoupled weight decay (0 for Adam).</summary>
    public T WeightDecay { get; }

    /// <summary>Steps taken.</summary>
    public long Steps { get; private set; }

    /// <summary>One step at <paramref name="learningRate"/>: theta (on the host) moves against <paramref name="gradient"/>.</summary>
    public void Step(Span<T> theta, ReadOnlySpan<T> gradient, T learningRate)
    {
        ObjectDisposedException.ThrowIf(_theta.IsDisposed, this);
        _accelerator.Bind();
        if (theta.Length != Length) throw new ArgumentException($"theta has {theta.Length} values; needs {Length}.", nameof(theta));
        if (gradient.Length != Length) throw new ArgumentException($"gradient has {gradient.Length} values; needs {Length}.", nameof(gradient));
        ArrayView<T> thetaView = _theta.View, gradientView = _gradient.View;
        thetaView.CopyFromCPU(theta);
        gradientView.CopyFromCPU(gradient);
        Steps++;
        _beta1Power *= _beta1;
        _beta2Power *= _beta2;
        var scalars = new AdamScalars<T>(_beta1, _beta2, _epsilon, learningRate / (T.One - _beta1Power),
            T.One / T.Sqrt(T.One - _beta2Power), T.One - learningRate * WeightDecay);
        _step(_accelerator.DefaultStream, Length, thetaView, gradientView, _first.View, _second.View, scalars);
        thetaView.CopyToCPU(theta);
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose()
    {
        _accelerator.Bind();
        _theta.Dispose();
        _gradient.Dispose();
        _first.Dispose();
        _second.Dispose();
    }

    // The kernel's math is chosen per element type here: generic kernels cannot call T.Sqrt (see IKernelMath).
    private static Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, AdamScalars<T>> LoadStep(Accelerator accelerator)
    {
        const string Family = "optimizer", Kernel = nameof(UpdateKernels.Adam);
        if (typeof(T) == typeof(float))
            return (Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, AdamScalars<T>>)(object)
                KernelLoader.Load(Family, Kernel, () => accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<float>, ArrayView<float>,
                    ArrayView<float>, ArrayView<float>, AdamScalars<float>>(UpdateKernels.Adam<float, FloatMath>));
        if (typeof(T) == typeof(double))
            return (Action<AcceleratorStream, Index1D, ArrayView<T>, ArrayView<T>, ArrayView<T>, ArrayView<T>, AdamScalars<T>>)(object)
                KernelLoader.Load(Family, Kernel, () => accelerator.LoadAutoGroupedKernel<Index1D, ArrayView<double>, ArrayView<double>,
                    ArrayView<double>, ArrayView<double>, AdamScalars<double>>(UpdateKernels.Adam<double, DoubleMath>));
        throw new NotSupportedException($"Device kernels run in float or double, not {typeof(T).Name}.");
    }
}
