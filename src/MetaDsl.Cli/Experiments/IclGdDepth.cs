using MetaDsl.Cli.Commands;
using MetaDsl.InContext;

namespace MetaDsl.Cli.Experiments;

/// <summary>One layer count of <c>train icl-gd</c>: its learner, trained and compared with as many steps of gradient descent.</summary>
internal abstract class IclGdDepth(int layers)
{
    /// <summary>K.</summary>
    public int Layers { get; } = layers;

    /// <summary>The learner's name.</summary>
    public abstract string LearnerName { get; }

    /// <summary>
    /// Picks gradient descent's learning rate (and GD++'s and its γ) on <paramref name="tuning"/>, meta-trains the
    /// learner (with progress), and scores gradient descent, GD++, the constructed weights and the trained learner on
    /// <paramref name="heldOut"/>; null when a stop was requested during training.
    /// </summary>
    public abstract IclGdDepthResult? Run(IclGdSettings settings, int threads, RegressionTaskSet<float> heldOut, RegressionTaskSet<float> tuning, CliEnvironment environment);
}
