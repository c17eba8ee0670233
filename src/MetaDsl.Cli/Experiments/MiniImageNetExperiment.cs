using MetaDsl.Cli.Commands;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// 5-way classification of 84×84 RGB images from a folder in miniImageNet's layout (<c>--data DIR</c>:
/// Ravi &amp; Larochelle's CSV split or split folders, see <see cref="MiniImageNetFolder"/>) with MAML's
/// Conv-4 of 32 filters (<see cref="Conv4MiniImageNet"/>): meta-trained on the train classes,
/// evaluated on the test classes; the validation classes are held back.
/// </summary>
internal sealed class MiniImageNetExperiment : LearnerExperiment<Conv4MiniImageNet>
{
    /// <summary>The learner outputs five logits.</summary>
    private const int Ways = 5;

    /// <summary>The learner takes 3 × 84 × 84 values per image.</summary>
    private const int ImageSize = 84;

    private const int Channels = 3;

    /// <summary>MAML's miniImageNet setting: 15 query images per class, in training and evaluation.</summary>
    private const int Queries = 15;

    /// <inheritdoc/>
    public override string Name => "miniimagenet";

    /// <inheritdoc/>
    public override string Description =>
        "5-way classification of 84×84 RGB images from a folder in miniImageNet's layout (--data DIR: train.csv, val.csv and test.csv of filename,label rows " +
        "naming DIR/images/*.jpg, or DIR/train, DIR/val and DIR/test folders of class folders): meta-train MAML's Conv-4 with 32 filters (Conv4MiniImageNet) " +
        "on the train classes, train the pretrained baseline, compare 1- and 5-shot on the test classes. " +
        "Defaults follow MAML's miniImageNet setup (alpha 0.01, 5 inner steps, evaluated after 1, 5 and 10, meta-batch 4, Adam 1e-3, 15 query images per class) " +
        "for 5,000 meta-steps (MAML ran 60,000). Rotations do not apply.";

    /// <inheritdoc/>
    public override int DefaultSteps => 5000;

    /// <inheritdoc/>
    public override int DefaultShots => 1;

    /// <inheritdoc/>
    public override int[] DefaultEvaluationShots => [1, 5];

    /// <inheritdoc/>
    public override int DefaultInnerSteps => 5;

    /// <inheritdoc/>
    public override double DefaultInnerLearningRate => 0.01;

    /// <inheritdoc/>
    public override int DefaultMetaBatch => 4;

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
        (double)Ways * (shots + Queries) * (Channels * ImageSize * ImageSize + 1);

    /// <inheritdoc/>
    protected override SamplerFactory OpenTasks(DataSettings data, long seed, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(data.Folder))
            throw new ArgumentException(
                "miniimagenet needs --data DIR: a folder in miniImageNet's layout (train.csv, val.csv and test.csv beside DIR/images, or DIR/train, DIR/val and DIR/test). " +
                "Checkpoints do not record it, so evaluate needs it too.");
        // Opening lists and checks every split's files before anything is decoded; each split decodes on first use only.
        var folder = MiniImageNetFolder.Open(data.Folder);
        string counts = string.Join(", ", folder.Counts.Select(s => $"{s.Key} {s.Value.Classes} classes of {s.Value.Images} images"));
        console.MarkupLine(Markup.Escape($"Read '{folder.Root}': {counts}."));
        var train = new Lazy<ImageSplit>(() => folder.Load("train", ImageSize, cancellationToken));
        var test = new Lazy<ImageSplit>(() => folder.Load("test", ImageSize, cancellationToken));
        return (shots, evaluation) => new ImageClassSampler<float>(evaluation ? test.Value : train.Value, Ways, shots, Queries);
    }
}
