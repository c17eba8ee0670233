using MetaDsl.Cli.Commands;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// 5-way classification of 2-D Gaussian clusters with the small tanh classifier (<see cref="GaussianClassifier"/>, the
/// default), or with ML³'s learned loss on the same classifier (<see cref="LearnedLossGaussianClassifier"/>,
/// <c>--learner learned-loss</c>), or with NPBML's FiLM, warp layer and learned loss (<see cref="NpbmlGaussianClassifier"/>,
/// <c>--learner npbml</c>).
/// </summary>
/// <typeparam name="TLearner">A classifier of x [n, 2] into 5 classes, with labels [n].</typeparam>
/// <param name="learnerChoice">What <c>--learner</c> calls it.</param>
internal sealed class GaussianExperiment<TLearner>(string learnerChoice) : LearnerExperiment<TLearner> where TLearner : ILearner<TLearner>
{
    private const int Ways = 5;
    private const int Dimension = 2;
    private const int TrainingQueries = 10;
    private const int EvaluationQueries = 20;

    /// <inheritdoc/>
    public override string Name => "gaussian";

    /// <inheritdoc/>
    public override string? LearnerChoice => learnerChoice;

    /// <inheritdoc/>
    public override string Description => "5-way Gaussian-cluster classification: meta-train GaussianClassifier (or, with --learner learned-loss, LearnedLossGaussianClassifier, whose inner loop descends a learned loss: --algorithm ml3 or maml; with --learner npbml, NpbmlGaussianClassifier: --algorithm npbml), train the pretrained baseline, compare 1- and 5-shot.";

    /// <inheritdoc/>
    public override int DefaultSteps => 2000;

    /// <inheritdoc/>
    /// <remarks>Cross-entropy gradients of a fresh classifier are small: at 0.01 ten steps barely move it off chance.</remarks>
    public override double DefaultInnerLearningRate => 0.5;

    /// <inheritdoc/>
    public override int DefaultShots => 5;

    /// <inheritdoc/>
    public override int[] DefaultEvaluationShots => [1, 5];

    /// <inheritdoc/>
    public override string ShotsDescription => "Support points per class";

    /// <inheritdoc/>
    protected override bool Classification => true;

    /// <inheritdoc/>
    protected override string LossName => "cross-entropy";

    /// <inheritdoc/>
    public override double ValuesPerTask(int shots, bool evaluation) =>
        (double)Ways * ((double)shots + (evaluation ? EvaluationQueries : TrainingQueries)) * (Dimension + 1);

    /// <inheritdoc/>
    protected override SamplerFactory OpenTasks(DataSettings data, long seed, IAnsiConsole console, CancellationToken cancellationToken) =>
        (shots, evaluation) => new GaussianClusterSampler<float>(Ways, shots, evaluation ? EvaluationQueries : TrainingQueries, Dimension);
}
