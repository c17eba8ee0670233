using MetaDsl.Cli.Commands;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// 5-way image classification from a folder in Omniglot's layout (<c>--data DIR</c>) with MAML's
/// Conv-4 (<see cref="Conv4Omniglot"/>, the default) or the 784-128-64-5 <see cref="MlpClassifier"/>
/// (<c>--learner mlp</c>): meta-trained on the meta-train characters, evaluated on the test
/// characters; the validation characters are held back.
/// </summary>
/// <typeparam name="TLearner">A learner of flat 28×28 images with five logits.</typeparam>
/// <param name="learnerChoice">What <c>--learner</c> calls it.</param>
internal sealed class OmniglotExperiment<TLearner>(string learnerChoice) : LearnerExperiment<TLearner> where TLearner : ILearner<TLearner>
{
    /// <summary>Both learners output five logits.</summary>
    private const int Ways = 5;

    /// <summary>Both learners take 784 = 28 × 28 values per image.</summary>
    private const int ImageSize = 28;

    private const int TrainingQueries = 5;
    private const int EvaluationQueries = 15;

    /// <inheritdoc/>
    public override string Name => "omniglot";

    /// <inheritdoc/>
    public override string? LearnerChoice => learnerChoice;

    /// <inheritdoc/>
    public override string Description =>
        "5-way image classification from a folder in Omniglot's layout (--data DIR, alphabet/character/*.png, resized to 28×28, strokes as 1): " +
        "meta-train MAML's Conv-4 (Conv4Omniglot: 4 × [conv 3×3, batch norm, ReLU, 2×2 max-pool], 64 filters; --learner mlp for the 784-128-64-5 MlpClassifier) " +
        "on the meta-train characters, train the pretrained baseline, compare 1- and 5-shot on the test characters. " +
        "Defaults follow MAML's Omniglot setup (alpha 0.4, 1 inner step, meta-batch 32, Adam 1e-3, 5 query images per class, 15 at evaluation) " +
        "but run 5,000 meta-steps instead of 60,000 (with the MLP about two minutes on 2 CPU cores, baseline and evaluation included; Conv-4 takes far longer).";

    /// <inheritdoc/>
    public override int DefaultSteps => 5000;

    /// <inheritdoc/>
    public override int DefaultShots => 1;

    /// <inheritdoc/>
    public override int[] DefaultEvaluationShots => [1, 5];

    /// <inheritdoc/>
    public override double DefaultInnerLearningRate => 0.4;

    /// <inheritdoc/>
    public override int DefaultMetaBatch => 32;

    /// <inheritdoc/>
    public override string ShotsDescription => "Support images per class";

    /// <inheritdoc/>
    public override bool ReadsData => true;

    /// <inheritdoc/>
    protected override bool Classification => true;

    /// <inheritdoc/>
    protected override string LossName => "cross-entropy";

    /// <inheritdoc/>
    public override double ValuesPerTask(int shots, bool evaluation) =>
        (double)Ways * ((double)shots + (evaluation ? EvaluationQueries : TrainingQueries)) * (ImageSize * ImageSize + 1);

    /// <inheritdoc/>
    protected override SamplerFactory OpenTasks(DataSettings data, long seed, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(data.Folder))
            throw new ArgumentException(
                "omniglot needs --data DIR: a folder in Omniglot's layout, DIR/alphabet/character/*.png (e.g. Omniglot's images_background unzipped). " +
                "Checkpoints do not record it, so evaluate needs it too.");
        var folder = OmniglotFolder.Load(data.Folder, new OmniglotOptions
        {
            ImageSize = ImageSize,
            Rotations = data.Rotations,
            // Omniglot draws black strokes on white; MAML's loader inverts them so most inputs are 0.
            Invert = true,
            Seed = unchecked((ulong)seed),
        }, cancellationToken);
        console.MarkupLine(Markup.Escape(
            $"Read '{folder.Root}': {folder.Train.Classes.Count} meta-train, {folder.Validation.Classes.Count} validation and {folder.Test.Classes.Count} test classes " +
            $"({(data.Rotations ? "rotations included" : "no rotations")}), split by seed {seed}."));
        return (shots, evaluation) => evaluation
            ? Sampler(folder.Test, shots, EvaluationQueries, console)
            : Sampler(folder.Train, shots, TrainingQueries, console);
    }

    /// <summary>A sampler with <paramref name="wanted"/> query images per class, or as many as the split's smallest class leaves after the shots (saying so).</summary>
    /// <exception cref="InvalidDataException">A class cannot spare even one query image.</exception>
    private static ImageClassSampler<float> Sampler(ImageSplit split, int shots, int wanted, IAnsiConsole console)
    {
        int queries = wanted;
        if (split.Classes.MinBy(c => c.Count) is { } smallest && smallest.Count < shots + wanted)
        {
            queries = smallest.Count - shots;
            if (queries < 1)
                throw new InvalidDataException(
                    $"Class '{smallest.Name}' ('{smallest.Directory}') has {smallest.Count} image(s); {shots}-shot tasks need at least {shots + 1} per class " +
                    $"({shots} support + 1 query) in the {split.Name} split of '{split.Root}'.");
            console.MarkupLine(Markup.Escape(
                $"Note: {shots}-shot {split.Name} tasks use {queries} query image(s) per class instead of {wanted}: the smallest class, '{smallest.Name}' ('{smallest.Directory}'), has {smallest.Count} images."));
        }
        return new ImageClassSampler<float>(split, Ways, shots, queries);
    }
}
