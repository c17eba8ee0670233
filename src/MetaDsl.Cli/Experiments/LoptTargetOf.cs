using MetaDsl.Cli.Commands;
using MetaDsl.Learners;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>A <see cref="LoptTarget"/> with its learner, the wider learner it is tested on, and its tasks.</summary>
/// <typeparam name="TTarget">The learner meta-trained on.</typeparam>
/// <typeparam name="TWide">The same learner made wider: the held-out width.</typeparam>
internal abstract class LoptTargetOf<TTarget, TWide> : LoptTarget
    where TTarget : ILearner<TTarget>
    where TWide : ILearner<TWide>
{
    /// <summary>The most one step's loss counts while meta-training, so a diverging candidate scores badly instead of ending the run.</summary>
    public abstract double LossCap { get; }

    /// <summary>How many times wider <typeparamref name="TWide"/> is.</summary>
    public abstract int Widening { get; }

    /// <summary>Opens the run's tasks, loading any data (notes to <paramref name="console"/>).</summary>
    public abstract LoptTasks OpenTasks(LoptSettings settings, IAnsiConsole console);

    /// <inheritdoc/>
    public override int Run(LoptSettings settings, CliEnvironment environment) => settings.Temporal
        ? LoptRun<TTarget, TWide, TemporalMlpLearnedOptimizer>.Run(this, settings, environment)
        : LoptRun<TTarget, TWide, MlpLearnedOptimizer>.Run(this, settings, environment);

    /// <inheritdoc/>
    public override int Evaluate(LoptSettings settings, CliEnvironment environment) => settings.Temporal
        ? LoptRun<TTarget, TWide, TemporalMlpLearnedOptimizer>.Evaluate(this, settings, environment)
        : LoptRun<TTarget, TWide, MlpLearnedOptimizer>.Evaluate(this, settings, environment);
}
