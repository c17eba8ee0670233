using System.Numerics;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// What truncated backprop keeps of each step of an unroll (parameters, gradient, moments, features and
/// shared row, the network's outputs and the loss's slope), and the adjoints of its reverse pass: sized once per thread.
/// </summary>
internal sealed class UnrollTape<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public UnrollTape(int steps, int parameters, int timeColumns, int metaParameters)
    {
        Steps = steps;
        int state = (OptimizerFeatures.Decays.Length + 1) * parameters;
        Theta = new T[steps * parameters];
        Gradient = new T[steps * parameters];
        Moments = new T[steps * state];
        Features = new T[steps * parameters * OptimizerFeatures.Count];
        Time = new T[steps * timeColumns];
        Outputs = new T[steps * parameters * 2];
        LossSlope = new T[steps];
        ThetaBar = new T[parameters];
        GradientBar = new T[parameters];
        MomentsBar = new T[state];
        FeaturesBar = new T[parameters * OptimizerFeatures.Count];
        Cotangent = new T[parameters * 2];
        PhiStep = new T[metaParameters];
        HessianVector = new T[parameters];
    }

    /// <summary>The most steps it holds.</summary>
    public int Steps { get; }

    /// <summary>Each step's parameters before it.</summary>
    public T[] Theta { get; }

    /// <summary>Each step's gradient.</summary>
    public T[] Gradient { get; }

    /// <summary>Each step's three momenta and second moment, after it.</summary>
    public T[] Moments { get; }

    /// <summary>Each step's features, as the network saw them.</summary>
    public T[] Features { get; }

    /// <summary>Each step's shared row.</summary>
    public T[] Time { get; }

    /// <summary>Each step's direction and log-magnitude per parameter.</summary>
    public T[] Outputs { get; }

    /// <summary>Each step's d(counted loss)/d(loss).</summary>
    public T[] LossSlope { get; }

    /// <summary>The adjoint of the parameters.</summary>
    public T[] ThetaBar { get; }

    /// <summary>The adjoint of one step's gradient.</summary>
    public T[] GradientBar { get; }

    /// <summary>The adjoint of the momenta and second moment.</summary>
    public T[] MomentsBar { get; }

    /// <summary>The adjoint of one step's features.</summary>
    public T[] FeaturesBar { get; }

    /// <summary>The adjoint of one step's network outputs.</summary>
    public T[] Cotangent { get; }

    /// <summary>One step's contribution to d/dphi.</summary>
    public T[] PhiStep { get; }

    /// <summary>One step's H·(gradient adjoint).</summary>
    public T[] HessianVector { get; }
}
