using MetaDsl.Cli.Commands;

namespace MetaDsl.Cli.Experiments;

/// <summary>A family of target training runs a learned optimizer is meta-trained on and compared on: what <c>train lopt --target NAME</c> runs.</summary>
internal abstract class LoptTarget
{
    /// <summary>The <c>--target</c> value.</summary>
    public abstract string Name { get; }

    /// <summary>The default steps of one training run.</summary>
    public abstract int DefaultHorizon { get; }

    /// <summary>What the table calls the target's loss.</summary>
    public abstract string LossName { get; }

    /// <summary>Meta-trains, saves, compares against tuned Adam and reports; returns the exit code.</summary>
    public abstract int Run(LoptSettings settings, CliEnvironment environment);

    /// <summary>Compares the optimizer saved in <see cref="LoptSettings.Resume"/> against tuned Adam again and reports; returns the exit code.</summary>
    public abstract int Evaluate(LoptSettings settings, CliEnvironment environment);
}
