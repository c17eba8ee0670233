using System.CommandLine;
using MetaDsl.Cli.Experiments;
using MetaDsl.Training;

namespace MetaDsl.Cli.Commands;

/// <summary>The options of a <c>train</c> subcommand, with the experiment's defaults.</summary>
internal sealed class TrainOptions
{
    private readonly Option<string> _algorithm;
    private readonly Option<int> _steps;
    private readonly Option<int> _metaBatch;
    private readonly Option<int> _innerSteps;
    private readonly Option<int[]> _querySteps;
    private readonly Option<double> _innerLearningRate;
    private readonly Option<double> _outerLearningRate;
    private readonly Option<double?> _clip;
    private readonly Option<int> _shots;
    private readonly Option<int[]> _evaluationShots;
    private readonly Option<int> _evaluationTasks;
    private readonly Option<int> _seed;
    private readonly Option<int> _threads;
    private readonly Option<string> _output;
    private readonly Option<string?> _plot;
    private readonly Option<string?> _json;
    private readonly DataOptions? _data;

    /// <summary>Creates the options with <paramref name="experiment"/>'s defaults.</summary>
    public TrainOptions(Experiment experiment)
    {
        _algorithm = new Option<string>("--algorithm")
        {
            Description = $"Meta-learning algorithm: {string.Join(", ", MetaAlgorithms.Names)}.",
            DefaultValueFactory = _ => "maml",
        };
        _algorithm.AcceptOnlyFromAmong([.. MetaAlgorithms.Names]);
        _steps = new Option<int>("--steps") { Description = "Outer (meta) steps; the baseline trains as many.", DefaultValueFactory = _ => experiment.DefaultSteps }.AtLeast(1);
        _metaBatch = new Option<int>("--meta-batch") { Description = "Tasks per outer step.", DefaultValueFactory = _ => experiment.DefaultMetaBatch }.AtLeast(1);
        _innerSteps = new Option<int>("--inner-steps") { Description = "Inner gradient steps per task while meta-training.", DefaultValueFactory = _ => experiment.DefaultInnerSteps }.AtLeast(1);
        _querySteps = new Option<int[]>("--query-steps")
        {
            Description = "Inner steps after which the query loss counts (MAML++'s multi-step loss; maml and fomaml); a step listed twice weighs twice. Default for maml and fomaml: " + (experiment.DefaultQuerySteps.Length == 0 ? "the last step only." : string.Join(" ", experiment.DefaultQuerySteps) + "."),
            AllowMultipleArgumentsPerToken = true,
        };
        _querySteps.Validators.Add(r =>
        {
            foreach (int value in r.GetValueOrDefault<int[]>() ?? [])
                if (value < 0) r.AddError($"--query-steps values must be at least 0, got {value}.");
        });
        _innerLearningRate = new Option<double>("--inner-lr") { Description = "Inner step size alpha (also the fine-tuning step size at evaluation).", DefaultValueFactory = _ => experiment.DefaultInnerLearningRate }.Positive();
        _outerLearningRate = new Option<double>("--outer-lr") { Description = "Adam's outer step size.", DefaultValueFactory = _ => 1e-3 }.Positive();
        _clip = new Option<double?>("--clip") { Description = "Clip each meta-gradient to this Euclidean norm (off by default)." }.Positive();
        _shots = new Option<int>("--shots") { Description = experiment.ShotsDescription + " while training.", DefaultValueFactory = _ => experiment.DefaultShots }.AtLeast(1);
        _evaluationShots = new Option<int[]>("--eval-shots")
        {
            Description = experiment.ShotsDescription + " at evaluation (one or more).",
            DefaultValueFactory = _ => experiment.DefaultEvaluationShots,
            AllowMultipleArgumentsPerToken = true,
        }.AtLeast(1);
        _evaluationTasks = new Option<int>("--eval-tasks") { Description = "Held-out tasks per evaluation.", DefaultValueFactory = _ => 600 }.AtLeast(2);
        _seed = new Option<int>("--seed") { Description = "Seeds initialization and task sampling (held-out tasks use a separate stream).", DefaultValueFactory = _ => 0 };
        _threads = new Option<int>("--threads") { Description = "Threads per meta-batch; the same seed and thread count give bit-identical checkpoints.", DefaultValueFactory = _ => Environment.ProcessorCount }.AtLeast(1);
        _output = new Option<string>("--output") { Description = "Checkpoint to write (safetensors).", DefaultValueFactory = _ => experiment.DefaultOutput };
        _plot = new Option<string?>("--plot") { Description = "Also draw MAML's Figure 2 and the meta-loss curve into this SVG file." };
        _json = new Option<string?>("--json") { Description = "Also write the result rows to this JSON file." };
        if (experiment.ReadsData)
            _data = new DataOptions(
                "Required. The image folder, in Omniglot's layout DIR/alphabet/character/*.png (e.g. Omniglot's images_background or images_evaluation unzipped); its characters are split into meta-train, validation and test classes, seeded by --seed.",
                "Do not add each character turned by 90°, 180° and 270° as three extra classes (on by default, as in Santoro et al. 2016 and MAML).");
    }

    /// <summary>Adds the options to <paramref name="command"/>; <c>--plot</c> only when the experiment can draw, <c>--data</c> only when it reads images.</summary>
    public void AddTo(Command command, bool plot)
    {
        Option[] options = [_algorithm, _steps, _metaBatch, _innerSteps, _querySteps, _innerLearningRate, _outerLearningRate, _clip, _shots, _evaluationShots, _evaluationTasks, _seed, _threads, _output, _json];
        foreach (var option in options) command.Add(option);
        if (plot) command.Add(_plot);
        _data?.AddTo(command);
    }

    /// <summary>Reads the parsed values.</summary>
    public TrainSettings Read(ParseResult result)
    {
        MetaAlgorithms.TryParse(result.GetValue(_algorithm), out var algorithm);
        return new TrainSettings(
            algorithm,
            result.GetValue(_steps),
            result.GetValue(_metaBatch),
            result.GetValue(_innerSteps),
            result.GetValue(_querySteps) ?? [],
            result.GetValue(_innerLearningRate),
            result.GetValue(_outerLearningRate),
            result.GetValue(_clip),
            result.GetValue(_shots),
            result.GetValue(_evaluationShots) ?? [],
            result.GetValue(_evaluationTasks),
            result.GetValue(_seed),
            result.GetValue(_threads),
            result.GetValue(_output) ?? "",
            result.GetValue(_plot),
            result.GetValue(_json),
            _data?.Read(result) ?? DataSettings.Default);
    }
}
