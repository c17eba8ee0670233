using System.CommandLine;

namespace MetaDsl.Cli.Commands;

/// <summary>The options of <c>train gpicl</c>, each parsing its own value (see <see cref="CliOptions"/>).</summary>
internal sealed class GpiclOptions
{
    /// <summary>The largest task pool: past 2^24 a pool is, for these step counts, a fresh task per sequence.</summary>
    public const int MaxTasks = 1 << 24;

    private readonly Option<int[]> _tasks;
    private readonly Option<int> _steps;
    private readonly Option<int> _metaBatch;
    private readonly Option<double> _outerLearningRate;
    private readonly Option<double> _clip;
    private readonly Option<int> _evaluationSequences;
    private readonly Option<int> _seed;
    private readonly Option<int> _threads;
    private readonly Option<string?> _data;
    private readonly Option<string?> _plot;
    private readonly Option<string?> _json;

    /// <summary>Creates the options with their defaults.</summary>
    public GpiclOptions()
    {
        _tasks = CliOptions.Counts("--tasks", $"Sizes of the pool of training tasks (random projections and label permutations), each meta-trained from scratch (1 to {MaxTasks}).",
            [1 << 2, 1 << 6, 1 << 10, 1 << 14, MaxTasks], 1, MaxTasks);
        _steps = CliOptions.Count("--steps", "Adam steps per pool size, each on a fresh meta-batch of sequences from the pool.", 1000, 1);
        _metaBatch = CliOptions.Count("--meta-batch", "Sequences per step.", 128, 1, 100_000);
        _outerLearningRate = CliOptions.Positive("--outer-lr", "Adam's step size on the transformer's weights.", 1e-3);
        _clip = CliOptions.Positive("--clip", "Clip each step's gradient to this Euclidean norm.", 1);
        _evaluationSequences = CliOptions.Count("--eval-sequences", "Sequences (of test-split images) scored on the training tasks, and as many on unseen tasks.", 1024, 1, 100_000);
        _seed = CliOptions.Integer("--seed", "Seeds the initialization, the task pools and every sequence.", 0);
        _threads = CliOptions.Count("--threads", "Threads that share a meta-batch; results are the same for any thread count.", Environment.ProcessorCount, 1);
        _data = CliOptions.Folder("--data", $"The folder of Fashion-MNIST's four IDX files (default: {MetaDsl.Tasks.FashionMnist.DefaultFolder}, where scripts/get-fashion-mnist installs Debian's copy).");
        _plot = CliOptions.File("--plot", "Also draw accuracy against the number of training tasks, and unseen-task accuracy against the context position, into this SVG file.");
        _json = CliOptions.File("--json", "Also write each pool size's accuracies by position and its meta-training loss to this JSON file.");
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        Option[] options = [_tasks, _steps, _metaBatch, _outerLearningRate, _clip, _evaluationSequences, _seed, _threads, _data, _plot, _json];
        foreach (var option in options) command.Add(option);
    }

    /// <summary>Reads the parsed values; a pool size given twice runs once.</summary>
    public GpiclSettings Read(ParseResult result) => new(
        result.GetValue(_tasks)!.Distinct().ToArray(),
        result.GetValue(_steps),
        result.GetValue(_metaBatch),
        result.GetValue(_outerLearningRate),
        result.GetValue(_clip),
        result.GetValue(_evaluationSequences),
        result.GetValue(_seed),
        result.GetValue(_threads),
        result.GetValue(_data),
        result.GetValue(_plot),
        result.GetValue(_json));
}
