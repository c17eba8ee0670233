using System.CommandLine;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary>The options of <c>train icl-gd</c>, each parsing its own value (see <see cref="CliOptions"/>).</summary>
internal sealed class IclGdOptions
{
    private readonly Option<int[]> _layers;
    private readonly Option<int> _steps;
    private readonly Option<int> _metaBatch;
    private readonly Option<double> _outerLearningRate;
    private readonly Option<double> _clip;
    private readonly Option<int> _evaluationTasks;
    private readonly Option<int> _seed;
    private readonly Option<int> _threads;
    private readonly Option<string?> _plot;
    private readonly Option<string?> _json;
    private readonly Option<string?> _checkpoints;

    /// <summary>Creates the options with their defaults.</summary>
    public IclGdOptions()
    {
        _layers = CliOptions.Counts("--layers", $"Layer counts K to meta-train, each compared with K steps of gradient descent (1 to {IclGdDepths.Max}).", [1, 2, 3], 1, IclGdDepths.Max);
        _steps = CliOptions.Count("--steps", "Adam steps per layer count, each on a fresh meta-batch of tasks.", 5000, 1);
        _metaBatch = CliOptions.Count("--meta-batch", "Fresh regression tasks per step.", 512, 1, 100_000);
        _outerLearningRate = CliOptions.Positive("--outer-lr", "Adam's step size on the attention weights at the first step; a cosine takes it to 0 at the last (at a constant rate, three layers diverge late).", 5e-3);
        _clip = CliOptions.Positive("--clip", "Clip each step's gradient to this Euclidean norm: a meta-batch with nearly singular tasks can give a huge one, which throws deep stacks off.", 10);
        _evaluationTasks = CliOptions.Count("--eval-tasks", "Held-out tasks every method is scored on; gradient descent's learning rate is picked on as many separate tasks.", 2000, 2, 100_000);
        _seed = CliOptions.Integer("--seed", "Seeds the initialization and every task.", 0);
        _threads = CliOptions.Count("--threads", "Threads that share a meta-batch; results are the same for any thread count.", Environment.ProcessorCount, 1);
        _plot = CliOptions.File("--plot", "Also draw the meta-training loss of each layer count beside gradient descent's into this SVG file.");
        _json = CliOptions.File("--json", "Also write the rows (method, layers, mse, alignment) and the meta-training curves to this JSON file.");
        _checkpoints = CliOptions.Folder("--checkpoints", "Also save each trained model into this folder as LEARNER.safetensors (e.g. LinearSelfAttention1.safetensors), with the run's settings; Adapter<LEARNER, float>.Load reads it and adapts in context.");
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] options = [_layers, _steps, _metaBatch, _outerLearningRate, _clip, _evaluationTasks, _seed, _threads, _plot, _json, _checkpoints];
        foreach (var option in options) command.Add(option);
    }

    /// <summary>Reads the parsed values; a layer count given twice runs once.</summary>
    public IclGdSettings Read(ParseResult result) => new(
        result.GetValue(_layers)!.Distinct().ToArray(),
        result.GetValue(_steps),
        result.GetValue(_metaBatch),
        result.GetValue(_outerLearningRate),
        result.GetValue(_clip),
        result.GetValue(_evaluationTasks),
        result.GetValue(_seed),
        result.GetValue(_threads),
        result.GetValue(_plot),
        result.GetValue(_json),
        result.GetValue(_checkpoints));
}
