using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// What the task-parallel inner loop computes, as kernels read it: K steps theta_{k+1} = theta_k − r_k ⊙ ∇L_support(theta_k)
/// with r_k the step's scalar rate (MAML, one per step) or one rate per parameter shared by all steps
/// (Meta-SGD), second or first order, and optionally MAML++'s multi-step query loss Σ_k w_k L_query(theta_k).
/// </summary>
public readonly struct InnerLoopSettings<T> where T : unmanaged, INumber<T>
{
    // Flags are ints: ILGPU passes only blittable structs to kernels, and bool is not blittable.
    private readonly int _secondOrder, _parameterRates, _weighted;

    /// <summary>Wraps settings whose vectors are on the device.</summary>
    /// <param name="steps">Inner steps K (at least 1).</param>
    /// <param name="secondOrder">Keep the Hessian terms of the reverse pass.</param>
    /// <param name="parameterRates">True: <paramref name="rates"/> holds one rate per parameter (Meta-SGD); false: one per step.</param>
    /// <param name="rates">K step rates, or P parameter rates.</param>
    /// <param name="weighted">True when <paramref name="queryWeights"/> (K + 1 weights) replaces the last query loss alone.</param>
    /// <param name="queryWeights">w_0 .. w_K; read only when <paramref name="weighted"/>.</param>
    public InnerLoopSettings(int steps, bool secondOrder, bool parameterRates, ArrayView<T> rates, bool weighted, ArrayView<T> queryWeights)
    {
        Steps = steps;
        _secondOrder = secondOrder ? 1 : 0;
        _parameterRates = parameterRates ? 1 : 0;
        Rates = rates;
        _weighted = weighted ? 1 : 0;
        QueryWeights = queryWeights;
    }

    /// <summary>Inner steps K.</summary>
    public int Steps { get; }

    /// <summary>Keep the Hessian terms.</summary>
    public bool SecondOrder => _secondOrder != 0;

    /// <summary>One rate per parameter (Meta-SGD) instead of one per step.</summary>
    public bool ParameterRates => _parameterRates != 0;

    /// <summary>The rates.</summary>
    public ArrayView<T> Rates { get; }

    /// <summary>Whether the query loss is MAML++'s weighted sum over steps.</summary>
    public bool Weighted => _weighted != 0;

    /// <summary>The K + 1 query-loss weights.</summary>
    public ArrayView<T> QueryWeights { get; }

    /// <summary>The rate of step <paramref name="k"/> for parameter <paramref name="i"/>.</summary>
    public T Rate(int k, int i) => ParameterRates ? Rates[i] : Rates[k];

    /// <summary>Values of per-task scratch: K + 1 iterates, five vectors for the reverse pass, and activations.</summary>
    public static long ScratchLength(MlpShape shape, int steps, int supportPoints, int queryPoints)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return (steps + 6L) * shape.ParameterCount + shape.ActivationScratch(Math.Max(supportPoints, queryPoints));
    }
}
