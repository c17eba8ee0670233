using MetaDsl.Cli.Commands;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using Spectre.Console;

namespace MetaDsl.Cli.Experiments;

/// <summary>
/// Classifying a random subset of Fashion-MNIST shrunk to 8×8 with <see cref="FashionMlp"/>, as in
/// learned_optimization's small image tasks; tested also on <see cref="WideFashionMlp"/>. Meta-training
/// subsets come from the first five sixths of the training images (50,000 of 60,000); held-out tasks
/// train on the rest and are tested on the test split.
/// </summary>
internal sealed class FashionLoptTarget : LoptTargetOf<FashionMlp, WideFashionMlp>
{
    private const int Side = 8;
    private const int TaskImages = 256;

    /// <inheritdoc/>
    public override string Name => "fashion";

    /// <inheritdoc/>
    public override int DefaultHorizon => 100;

    /// <inheritdoc/>
    public override string LossName => "cross-entropy";

    /// <inheritdoc/>
    public override double LossCap => 10;

    /// <inheritdoc/>
    public override int Widening => 4;

    /// <inheritdoc/>
    public override LoptTasks OpenTasks(LoptSettings settings, IAnsiConsole console)
    {
        var data = FashionMnist.Load(settings.Data, Side);
        int split = data.Train.Count * 5 / 6;
        if (split == 0 || split == data.Train.Count)
            throw new InvalidDataException($"Fashion-MNIST's training split has {data.Train.Count} images; meta-training uses five sixths of them and held-out tasks the rest, so it needs at least 2.");
        var metaTraining = data.Train.Slice(0, split);
        var heldOut = data.Train.Slice(split, data.Train.Count - split);
        console.MarkupLine(Markup.Escape($"Read Fashion-MNIST from '{settings.Data ?? FashionMnist.DefaultFolder}': {data.Train.Count:N0} training and {data.Test.Count:N0} test images, shrunk to {Side}x{Side}."));
        return new(() => new ImageSubsetSampler<float>(metaTraining, metaTraining, TaskImages, TaskImages),
            new ImageSubsetSampler<float>(heldOut, data.Test, TaskImages, TaskImages),
            $"{TaskImages} random 8x8 Fashion-MNIST images each (held-out tasks: other training images, tested on {TaskImages} test images)");
    }
}
