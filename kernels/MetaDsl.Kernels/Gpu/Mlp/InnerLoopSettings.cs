using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// What the task-parallel inner loop computes, as kernels read it: K steps theta_{k+1} = theta_k − r_k ⊙ ∇L_support(theta_k)
/// with the rates laid out as a <see cref="RateLayout"/>, second or first order, and optionally MAML++'s
/// multi-step query loss Σ_k w_k L_query(theta_k).
/// </summary>
public readonly struct InnerLoopSettings<T> where T : unmanaged, INumber<T>
{
    // Flags are ints: ILGPU passes only blittable structs to kernels, and bool is not blittable.
    private readonly int _secondOrder, _learnsRates, _weighted, _stepStride, _parameterStride;

    /// <summary>Wraps settings whose vectors are on the device.</summary>
    /// <param name="steps">Inner steps K (at least 1).</param>
    /// <param name="secondOrder">Keep the Hessian terms of the reverse pass.</param>
    /// <param name="layout">How <paramref name="rates"/> is laid out.</param>
    /// <param name="parameterCount">P, the stride of a step's row for <see cref="RateLayout.PerStepAndParameter"/>.</param>
    /// <param name="rates">K, P or K × P rates.</param>
    /// <param name="weighted">True when <paramref name="queryWeights"/> (K + 1 weights) replaces the last query loss alone.</param>
    /// <param name="queryWeights">w_0 .. w_K; read only when <paramref name="weighted"/>.</param>
    public InnerLoopSettings(int steps, bool secondOrder, RateLayout layout, int parameterCount, ArrayView<T> rates, bool weighted, ArrayView<T> queryWeights)
    {
        Steps = steps;
        _secondOrder = secondOrder ? 1 : 0;
        _learnsRates = layout == RateLayout.PerParameter ? 1 : 0;
        _stepStride = layout switch { RateLayout.PerStep => 1, RateLayout.PerParameter => 0, _ => parameterCount };
        _parameterStride = layout == RateLayout.PerStep ? 0 : 1;
        Rates = rates;
        _weighted = weighted ? 1 : 0;
        QueryWeights = queryWeights;
    }

    /// <summary>Inner steps K.</summary>
    public int Steps { get; }

    /// <summary>Keep the Hessian terms.</summary>
    public bool SecondOrder => _secondOrder != 0;

    /// <summary>Whether the rates are meta-learned, so their gradient is computed (Meta-SGD).</summary>
    public bool LearnsRates => _learnsRates != 0;

    /// <summary>The rates.</summary>
    public ArrayView<T> Rates { get; }

    /// <summary>Whether the query loss is MAML++'s weighted sum over steps.</summary>
    public bool Weighted => _weighted != 0;

    /// <summary>The K + 1 query-loss weights.</summary>
    public ArrayView<T> QueryWeights { get; }

    /// <summary>The rate of step <paramref name="k"/> for parameter <paramref name="i"/>.</summary>
    public T Rate(int k, int i) => Rates[k * _stepStride + i * _parameterStride];

    /// <summary>Values of per-task scratch: K + 1 iterates, five vectors for the reverse pass, and activations.</summary>
    public static long ScratchLength(MlpShape shape, int steps, int supportPoints, int queryPoints)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return (steps + 6L) * shape.ParameterCount + shape.ActivationScratch(Math.Max(supportPoints, queryPoints));
    }
}
