using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.Cli.Plotting;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// MAML's sinusoid regression with the 1-40-40-1 ReLU network (<see cref="SineMlp"/>, the default), or with ML³'s learned
/// loss on the same regressor (<see cref="LearnedLossSineMlp"/>, <c>--learner learned-loss</c>), or with NPBML's FiLM, warp layers
/// and learned loss (<see cref="NpbmlSineMlp"/>, <c>--learner npbml</c>).
/// </summary>
/// <typeparam name="TLearner">A regressor of x [n, 1] to y [n, 1].</typeparam>
/// <param name="learnerChoice">What <c>--learner</c> calls it.</param>
internal sealed class SineExperiment<TLearner>(string learnerChoice) : LearnerExperiment<TLearner> where TLearner : ILearner<TLearner>
{
    /// <summary>Query points per held-out task: many, so each task's MSE is measured over the whole curve, not 5 points.</summary>
    private const int EvaluationQueries = 100;

    /// <inheritdoc/>
    public override string Name => "sine";

    /// <inheritdoc/>
    public override string? LearnerChoice => learnerChoice;

    /// <inheritdoc/>
    public override string Description => "Sinusoid regression (Finn et al. 2017): meta-train SineMlp (or, with --learner learned-loss, LearnedLossSineMlp, whose inner loop descends a learned loss: --algorithm ml3 or maml; with --learner npbml, NpbmlSineMlp: --algorithm npbml), train the pretrained baseline, compare on held-out tasks.";

    /// <inheritdoc/>
    public override int DefaultSteps => 70_000;

    /// <inheritdoc/>
    public override int DefaultShots => 10;

    /// <inheritdoc/>
    public override int[] DefaultEvaluationShots => [5];

    /// <summary>
    /// Five inner steps, with the query loss after step 1 weighted twice that after step 5: a model
    /// meta-trained for one step alone adapts well in one step but can diverge over five, and one
    /// trained for five steps alone is slower after one; this meets the paper's numbers at both.
    /// </summary>
    public override int DefaultInnerSteps => 5;

    /// <inheritdoc/>
    public override int[] DefaultQuerySteps => [1, 1, 5];

    /// <inheritdoc/>
    public override string ShotsDescription => "Support points per task";

    /// <inheritdoc/>
    public override bool CanPlot => true;

    /// <inheritdoc/>
    protected override bool Classification => false;

    /// <inheritdoc/>
    protected override string LossName => "MSE";

    /// <inheritdoc/>
    protected override PaperReference Paper { get; } = new(
        "paper (MAML)",
        "paper: Finn et al. 2017 (MAML), 5-shot sinusoid after 1 and 5 gradient steps and 70,000 meta-steps; approximate, as the paper plots these results (Fig. 3) rather than tabulating them.",
        new Dictionary<(string, int, int), double>
        {
            [("maml", 5, 1)] = 0.67,
            [("maml", 5, 5)] = 0.38,
        });

    /// <inheritdoc/>
    public override double ValuesPerTask(int shots, bool evaluation) => 2.0 * ((double)shots + (evaluation ? EvaluationQueries : shots));

    /// <inheritdoc/>
    protected override SamplerFactory OpenTasks(DataSettings data, long seed, IAnsiConsole console, CancellationToken cancellationToken) =>
        (shots, evaluation) => new SinusoidSampler<float>(shots, evaluation ? EvaluationQueries : shots);

    /// <inheritdoc/>
    protected override void Plot(string path, IAdaptation<float> adaptation, float[] parameters, TrainingResult<float> training, TrainSettings settings) =>
        SineFigure.Write<TLearner>(path, adaptation, parameters, training.Losses, settings.EvaluationShots[0], EvaluationSeed(settings.Seed), settings.Algorithm.Name);
}
