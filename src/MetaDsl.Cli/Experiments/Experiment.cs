using MetaDsl.Cli.Commands;
using MetaDsl.Training;

namespace MetaDsl.Cli.Experiments;

/// <summary>A built-in few-shot problem with its learner: what <c>train NAME</c> runs and <c>evaluate</c> re-runs.</summary>
internal abstract class Experiment
{
    /// <summary>The subcommand name, e.g. <c>sine</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The subcommand's help text.</summary>
    public abstract string Description { get; }

    /// <summary>The learner's class name, as recorded in checkpoints.</summary>
    public abstract string Learner { get; }

    /// <summary>
    /// The <c>--learner</c> value that picks this experiment among those sharing its <see cref="Name"/>
    /// (the first listed is the default), or null when it is the only one.
    /// </summary>
    public virtual string? LearnerChoice => null;

    /// <summary>The default number of outer steps.</summary>
    public abstract int DefaultSteps { get; }

    /// <summary>The default support shots while training.</summary>
    public abstract int DefaultShots { get; }

    /// <summary>The default support shots at evaluation.</summary>
    public abstract int[] DefaultEvaluationShots { get; }

    /// <summary>Inner gradient steps per task while meta-training, by default.</summary>
    public virtual int DefaultInnerSteps => 1;

    /// <summary>Inner steps whose query loss MAML meta-trains on by default; empty for the last step only.</summary>
    public virtual int[] DefaultQuerySteps => [];

    /// <summary>The default inner (and fine-tuning) step size alpha.</summary>
    public virtual double DefaultInnerLearningRate => 0.01;

    /// <summary>Tasks per outer step, by default.</summary>
    public virtual int DefaultMetaBatch => 25;

    /// <summary>True when the experiment reads an image folder: <c>train</c> then offers <c>--data</c> and <c>--no-rotations</c>, and <c>evaluate</c> needs <c>--data</c>.</summary>
    public virtual bool ReadsData => false;

    /// <summary>What a shot is here, for help text.</summary>
    public abstract string ShotsDescription { get; }

    /// <summary>The default checkpoint path.</summary>
    public string DefaultOutput => Name + ".safetensors";

    /// <summary>True when <c>--plot</c> is offered.</summary>
    public virtual bool CanPlot => false;

    /// <summary>Meta-trains, trains the baseline, evaluates both and reports; returns the exit code.</summary>
    public abstract int Train(TrainSettings settings, CliEnvironment environment);

    /// <summary>Loads a checkpoint of this experiment's learner, made by <paramref name="algorithmName"/>, and evaluates it; notes go to the environment's console, and its stop signal ends the evaluation.</summary>
    public abstract IReadOnlyList<EvaluationRow> Evaluate(string checkpoint, string algorithmName, EvaluateSettings settings, CliEnvironment environment);

    /// <summary>
    /// The numbers one task of <paramref name="shots"/> shots holds (inputs and targets of support and
    /// query), for training or evaluation: what sizes are checked against memory before anything is allocated.
    /// </summary>
    public abstract double ValuesPerTask(int shots, bool evaluation);

    /// <summary>Prints rows the way <see cref="Train"/> does.</summary>
    public abstract void Report(CliEnvironment environment, IReadOnlyList<EvaluationRow> rows);

    /// <summary>The held-out task stream's seed for a run seed: far from the training stream, and the same for <c>train</c> and <c>evaluate</c>.</summary>
    public static int EvaluationSeed(long seed) => unchecked((int)seed + 1_000_003);
}
