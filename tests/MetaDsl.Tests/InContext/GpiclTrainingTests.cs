using MetaDsl.InContext;
using MetaDsl.Learners;
using MetaDsl.Tasks;

namespace MetaDsl.Tests.InContext;

/// <summary>The GPICL transformer meta-trained by <see cref="AttentionTrainer{TLearner, T}"/> on projected-image sequences, at toy sizes.</summary>
public sealed class GpiclTrainingTests
{
    /// <summary>Images of 8×8 whose class sets the pattern, with noise: learnable, unlike constant images.</summary>
    private static LabelledImages Images(int count, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var pixels = new float[count * GpiclTokens.Dimension];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)rng.NextInt(GpiclTokens.Classes);
            for (int j = 0; j < GpiclTokens.Dimension; j++)
                pixels[i * GpiclTokens.Dimension + j] = (float)(0.5 + 0.4 * Math.Sin(j * (1 + labels[i])) + 0.1 * rng.NextGaussian());
        }
        return new LabelledImages(GpiclTokens.Side, GpiclTokens.Classes, pixels, labels);
    }

    private static ProjectedImageTasks<float> Sequences(LabelledImages images, ProjectionTaskPool pool, int count, ulong seed)
    {
        var tasks = new ProjectedImageTasks<float>(images, pool, PixelStandardization.Of(images), count, GpiclTokens.Length, 8);
        var rng = new SplitMix64(seed);
        tasks.Sample(ref rng);
        return tasks;
    }

    [Fact]
    public void OnTwoTasksItLearnsTheTrainingTasksButNotUnseenOnes()
    {
        var train = Images(400, 1);
        var test = Images(200, 2);
        var pool = new ProjectionTaskPool(2, GpiclTokens.Dimension, GpiclTokens.Classes, seed: 5);
        var batch = new ProjectedImageTasks<float>(train, pool, PixelStandardization.Of(train), 32, GpiclTokens.Length, 8);
        var trainer = new AttentionTrainer<GpiclTransformer, float>(batch, learningRate: 3e-3, threads: 2, seed: 0, clip: 1);
        var seen = Sequences(test, pool, 64, 3);
        var unseen = Sequences(test, new ProjectionTaskPool(1 << 20, GpiclTokens.Dimension, GpiclTokens.Classes, seed: 6), 64, 3);
        double before = SequenceAccuracy.ByPosition<GpiclTransformer, float>(trainer.Theta, seen, 2).Average();

        for (int step = 0; step < 150; step++) trainer.Step();

        double trained = SequenceAccuracy.ByPosition<GpiclTransformer, float>(trainer.Theta, seen, 2).Average();
        var other = SequenceAccuracy.ByPosition<GpiclTransformer, float>(trainer.Theta, unseen, 1);
        Assert.InRange(before, 0, 0.3);
        Assert.InRange(trained, 0.8, 1);
        // A fresh permutation cannot be guessed before its labels are shown.
        Assert.InRange(other[0], 0, 0.3);
    }

    [Fact]
    public void AccuracyIsTheSameForAnyThreadCount()
    {
        var images = Images(100, 4);
        var tasks = Sequences(images, new ProjectionTaskPool(10, GpiclTokens.Dimension, GpiclTokens.Classes, seed: 1), 40, 2);
        var theta = new float[GpiclTransformer.Info.ParameterCount];
        GpiclTransformer.Initialize<float>(theta, 3);

        Assert.Equal(SequenceAccuracy.ByPosition<GpiclTransformer, float>(theta, tasks, 1), SequenceAccuracy.ByPosition<GpiclTransformer, float>(theta, tasks, 2));
    }

    [Fact]
    public void TheRunIsTheSameForAnyThreadCountAndAWarmStepAllocatesNothing()
    {
        var images = Images(100, 4);
        var pool = new ProjectionTaskPool(16, GpiclTokens.Dimension, GpiclTokens.Classes, seed: 1);
        AttentionTrainer<GpiclTransformer, float> Trainer(int threads) =>
            new(new ProjectedImageTasks<float>(images, pool, PixelStandardization.Of(images), 24, GpiclTokens.Length, 8), 1e-3, threads, seed: 7, clip: 1);
        var one = Trainer(1);
        var two = Trainer(2);

        for (int step = 0; step < 3; step++) Assert.Equal(one.Step(), two.Step());
        Assert.Equal(one.Theta, two.Theta);

        long before = GC.GetAllocatedBytesForCurrentThread();
        one.Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
