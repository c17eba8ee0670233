using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Meta;

public class ProtoNetTests(ITestOutputHelper output)
{
    private const int Ways = 3;

    [Fact]
    public void GradientMatchesFiniteDifferencesOfTheEpisodeLoss()
    {
        var task = Episode(120, oneHot: false);
        var theta = Numerics.Theta<PointEmbedding>(20);
        var protoNet = new ProtoNet<PointEmbedding, double>(new ProtoNetOptions());
        var gradient = new double[theta.Length];
        double loss = protoNet.MetaGradient(theta, task, gradient);
        Assert.Equal(protoNet.Evaluate(theta, task, out _), loss, 1e-15);
        double error = Numerics.RelativeError(gradient, Numerics.Gradient(t => protoNet.Evaluate(t, task, out _), theta));
        output.WriteLine($"relative error {error:E2}");
        Assert.True(error <= 1e-7, $"relative error {error:E2}");
    }

    [Fact]
    public void OneHotLabelsMatchClassIndices()
    {
        var theta = Numerics.Theta<PointEmbedding>(21);
        var protoNet = new ProtoNet<PointEmbedding, double>(new ProtoNetOptions());
        var byIndex = new double[theta.Length];
        var byOneHot = new double[theta.Length];
        double a = protoNet.MetaGradient(theta, Episode(121, oneHot: false), byIndex);
        double b = protoNet.MetaGradient(theta, Episode(121, oneHot: true), byOneHot);
        Assert.Equal(a, b);
        Assert.Equal(byIndex, byOneHot);
    }

    [Fact]
    public void SeparatedClassesAreClassifiedAndWarmStepsAllocateNothing()
    {
        var tasks = new[] { Episode(122, oneHot: false), Episode(123, oneHot: false) };
        var theta = Numerics.Theta<PointEmbedding>(22);
        var protoNet = new ProtoNet<PointEmbedding, double>(new ProtoNetOptions());
        var gradient = new double[theta.Length];
        protoNet.MetaGradient(theta, tasks, gradient);
        long before = GC.GetAllocatedBytesForCurrentThread();
        protoNet.MetaGradient(theta, tasks, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        protoNet.Evaluate(theta, tasks[0], out double accuracy);
        Assert.True(accuracy >= 0.5, $"accuracy {accuracy}");
    }

    /// <summary>Two support and two query examples per class, drawn around well-separated centres.</summary>
    internal static MetaTask<double> Episode(int seed, bool oneHot)
    {
        var rng = new SplitMix64((ulong)seed);
        return new MetaTask<double>(Batch(ref rng, 2, oneHot), Batch(ref rng, 2, oneHot));
    }

    private static Batch<double> Batch(ref SplitMix64 rng, int shots, bool oneHot)
    {
        int n = Ways * shots;
        var x = new double[n * 2];
        var labels = new double[oneHot ? n * Ways : n];
        for (int i = 0; i < n; i++)
        {
            int c = i % Ways;
            x[2 * i] = Math.Cos(2 * Math.PI * c / Ways) + 0.3 * rng.NextGaussian();
            x[2 * i + 1] = Math.Sin(2 * Math.PI * c / Ways) + 0.3 * rng.NextGaussian();
            if (oneHot) labels[i * Ways + c] = 1;
            else labels[i] = c;
        }
        var labelTensor = oneHot ? new Tensor<double>(labels, n, Ways) : new Tensor<double>(labels, n);
        return new Batch<double>(new Tensor<double>(x, n, 2), labelTensor);
    }
}
