using MetaDsl.InContext;
using MetaDsl.Tasks;

namespace MetaDsl.Tests.InContext;

/// <summary>Task pools of random projections and label permutations, and the sequences of (A·x, previous label) drawn from them.</summary>
public sealed class ProjectedImageTasksTests
{
    private const int Side = 4, Dimension = Side * Side, Classes = 5, Length = 9;

    /// <summary>Ten images per class, image i of class c holding values that identify both.</summary>
    private static LabelledImages Images()
    {
        const int count = 10 * Classes;
        var pixels = new float[count * Dimension];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % Classes);
            for (int j = 0; j < Dimension; j++) pixels[i * Dimension + j] = (float)Math.Sin(1 + i * 0.7 + j * (1.3 + i % Classes));
        }
        return new LabelledImages(Side, Classes, pixels, labels);
    }

    [Fact]
    public void EveryTaskPermutesTheLabelsAndTasksDiffer()
    {
        var pool = new ProjectionTaskPool(50, Dimension, Classes, seed: 3);
        var projection = new float[Dimension * Dimension];
        var permutation = new byte[Classes];
        var seen = new HashSet<string>();

        for (int task = 0; task < pool.Count; task++)
        {
            pool.Write(task, projection, permutation);
            Assert.Equal(Enumerable.Range(0, Classes).Select(c => (byte)c), permutation.Order());
            seen.Add(string.Join(",", permutation));
        }

        // 50 draws of 120 permutations: all alike would mean the permutation ignores the task.
        Assert.True(seen.Count > 20, $"{seen.Count} distinct permutations");
    }

    [Fact]
    public void AProjectionIsReproducibleFromItsSeedAndScaledByOneOverTheDimension()
    {
        var a = new ProjectionTaskPool(10, 64, 10, seed: 7);
        var b = new ProjectionTaskPool(1000, 64, 10, seed: 7);
        var other = new ProjectionTaskPool(10, 64, 10, seed: 8);
        float[] First(ProjectionTaskPool pool, int task)
        {
            var projection = new float[64 * 64];
            pool.Write(task, projection, new byte[10]);
            return projection;
        }

        Assert.Equal(First(a, 4), First(b, 4));
        Assert.NotEqual(First(a, 4), First(a, 5));
        Assert.NotEqual(First(a, 4), First(other, 4));
        double meanSquare = First(a, 4).Average(x => (double)x * x);
        Assert.InRange(meanSquare * 64, 0.9, 1.1);
    }

    [Fact]
    public void EachTokenIsTheProjectedImageAndThePreviousPermutedLabel()
    {
        var images = Images();
        var scale = PixelStandardization.Of(images);
        var pool = new ProjectionTaskPool(3, Dimension, Classes, seed: 1);
        var tasks = new ProjectedImageTasks<double>(images, pool, scale, count: 7, Length, chunkSize: 3);
        var rng = new SplitMix64(11);
        tasks.Sample(ref rng);
        var projection = new float[Dimension * Dimension];
        var permutation = new byte[Classes];

        for (int s = 0; s < tasks.Count; s++)
        {
            Assert.InRange(tasks.Task(s), 0, pool.Count - 1);
            pool.Write(tasks.Task(s), projection, permutation);
            var tokens = tasks.Tokens(s);
            var labels = tasks.Labels(s);
            for (int t = 0; t < Length; t++)
            {
                var token = tokens.Slice(t * tasks.Width, tasks.Width).ToArray();
                int image = Enumerable.Range(0, images.Count).Single(i => Projected(images, i, scale, projection).Zip(token[..Dimension], (p, q) => Math.Abs(p - q)).Max() < 1e-4);
                Assert.Equal(permutation[images.Labels[image]], labels[t]);
                var previous = token[Dimension..];
                var expected = new double[Classes];
                if (t > 0) expected[(int)labels[t - 1]] = 1;
                Assert.Equal(expected, previous);
            }
        }
    }

    [Fact]
    public void TheSameStreamDrawsTheSameSequences()
    {
        var images = Images();
        var pool = new ProjectionTaskPool(1000, Dimension, Classes, seed: 2);
        var one = new ProjectedImageTasks<float>(images, pool, PixelStandardization.Of(images), 5, Length, 2);
        var two = new ProjectedImageTasks<float>(images, pool, PixelStandardization.Of(images), 5, Length, 4);
        var first = new SplitMix64(9);
        var second = new SplitMix64(9);

        one.Sample(ref first);
        two.Sample(ref second);

        for (int s = 0; s < one.Count; s++)
        {
            Assert.Equal(one.Tokens(s).ToArray(), two.Tokens(s).ToArray());
            Assert.Equal(one.Labels(s).ToArray(), two.Labels(s).ToArray());
        }
        Assert.NotEqual(one.Task(0), one.Task(1));
    }

    [Fact]
    public void ImagesThatDoNotFitThePoolAreRefusedByName()
    {
        var images = Images();
        var wide = new ProjectionTaskPool(2, 64, Classes, seed: 0);

        var error = Assert.Throws<ArgumentException>(() => new ProjectedImageTasks<float>(images, wide, PixelStandardization.Of(images), 1, Length, 1));

        Assert.Contains("project 64", error.Message);
    }

    private static double[] Projected(LabelledImages images, int index, PixelStandardization scale, float[] projection)
    {
        var x = images.Image(index).ToArray().Select(p => (p - scale.Mean) / scale.Deviation).ToArray();
        return Enumerable.Range(0, Dimension).Select(r => Enumerable.Range(0, Dimension).Sum(k => (double)projection[r * Dimension + k] * x[k])).ToArray();
    }
}
