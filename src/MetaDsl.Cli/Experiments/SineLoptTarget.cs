using MetaDsl.Cli.Commands;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>Regressing one sinusoid (MAML's task distribution) from scratch with <see cref="SineTarget"/>; tested also on <see cref="WideSineTarget"/>.</summary>
internal sealed class SineLoptTarget : LoptTargetOf<SineTarget, WideSineTarget>
{
    /// <summary>Points per task for training and for the held-out query.</summary>
    private const int Points = 50;

    /// <inheritdoc/>
    public override string Name => "sine";

    /// <inheritdoc/>
    public override int DefaultHorizon => 100;

    /// <inheritdoc/>
    public override string LossName => "MSE";

    /// <inheritdoc/>
    public override double LossCap => 50;

    /// <inheritdoc/>
    public override int Widening => 4;

    /// <inheritdoc/>
    public override LoptTasks OpenTasks(LoptSettings settings, IAnsiConsole console) =>
        new(() => new SinusoidSampler<float>(Points, Points), new SinusoidSampler<float>(Points, Points),
            $"one sinusoid each ({Points} training points, {Points} more held out)");
}
