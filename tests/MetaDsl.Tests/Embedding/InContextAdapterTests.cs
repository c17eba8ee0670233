using MetaDsl.Checkpoints;
using MetaDsl.Embedding;
using MetaDsl.InContext;
using MetaDsl.Learners;
using MetaDsl.Tests.Training;

namespace MetaDsl.Tests.Embedding;

/// <summary>Linear self-attention through <see cref="Adapter{TLearner, T}"/>: the support set is read as context, with no gradient step.</summary>
public sealed class InContextAdapterTests : IDisposable
{
    private const int D = RegressionTokens.Dimension, N = RegressionTokens.Context;
    private readonly string _directory = TrainingFixtures.TempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheConstructedWeightsPredictOneStepOfGradientDescentFromZero()
    {
        const double Rate = 0.7;
        var theta = new double[LinearSelfAttention1.Info.ParameterCount];
        AttentionConstruction.Write<LinearSelfAttention1, double>(theta, Rate);
        var (x, y) = Support(seed: 3);
        var queries = Uniform(5 * D, seed: 4);

        var model = new Adapter<LinearSelfAttention1, double>(theta).Adapt(x, y);
        var predictions = model.Predict(queries);
        var intoSpan = new double[5];
        model.Predict(new Batch<double>(new Tensor<double>(queries, 5, D)), intoSpan);

        // One step from w = 0 on 1/(2N) Σ (wᵀx_i − y_i)²: w = η/N Σ y_i x_i.
        var w = new double[D];
        for (int i = 0; i < N; i++)
            for (int j = 0; j < D; j++) w[j] += Rate / N * y[i] * x[i * D + j];
        Assert.Equal(5, predictions.Length);
        for (int q = 0; q < 5; q++)
        {
            double expected = 0;
            for (int j = 0; j < D; j++) expected += w[j] * queries[q * D + j];
            Assert.Equal(expected, predictions[q], 1e-12);
            Assert.Equal(predictions[q], intoSpan[q]);
        }
        Assert.True(model.Parameters.SequenceEqual(theta));
    }

    [Fact]
    public void AdaptingReadsTheSupportAsTrainingLaysTasksOut()
    {
        var tasks = new RegressionTaskSet<double>(4, 4);
        var rng = new SplitMix64(11);
        tasks.Sample(ref rng);
        var theta = new double[LinearSelfAttention2.Info.ParameterCount];
        LinearSelfAttention2.Initialize<double>(theta, 5);
        var direct = new double[4];
        LinearSelfAttention2.Predict<double>(theta, new Batch<double>(tasks.Chunks[0][0]), direct);
        var adapter = new Adapter<LinearSelfAttention2, double>(theta);

        for (int t = 0; t < 4; t++)
        {
            var tokens = tasks.Tokens(t);
            var x = new double[N * D];
            var y = new double[N];
            for (int i = 0; i < N; i++)
            {
                tokens.Slice(i * RegressionTokens.Width, D).CopyTo(x.AsSpan(i * D));
                y[i] = tokens[i * RegressionTokens.Width + RegressionTokens.Target];
            }
            var query = tokens.Slice(RegressionTokens.Query * RegressionTokens.Width, D).ToArray();
            var model = adapter.Adapt(x, y);
            Assert.Equal(direct[t], model.Predict(query)[0]);
            Assert.Equal(Math.Pow(direct[t] - tasks.Target(t), 2), model.Loss(new Batch<double>(new Tensor<double>(query, 1, D), new Tensor<double>([tasks.Target(t)], 1, 1))), 1e-15);
        }
    }

    [Fact]
    public void PredictionsChangeWithTheSupportAndOnlyWithIt()
    {
        var theta = new double[LinearSelfAttention1.Info.ParameterCount];
        LinearSelfAttention1.Initialize<double>(theta, 1);
        var adapter = new Adapter<LinearSelfAttention1, double>(theta);
        var (x, y) = Support(seed: 8);
        var queries = Uniform(3 * D, seed: 9);

        var first = adapter.Adapt(x, y);
        var before = first.Predict(queries);
        var again = adapter.Adapt((double[])x.Clone(), (double[])y.Clone()).Predict(queries);
        y[4] += 0.5;
        var changed = adapter.Adapt(x, y).Predict(queries);

        Assert.Equal(before, again);
        // The model copied its support: editing the caller's arrays changes nothing.
        Assert.Equal(before, first.Predict(queries));
        Assert.All(Enumerable.Range(0, 3), q => Assert.NotEqual(before[q], changed[q]));
    }

    [Fact]
    public void ASupportOrQueryOfAnotherSizeNamesTheTensorAndShapes()
    {
        var adapter = new Adapter<LinearSelfAttention1, double>(new double[LinearSelfAttention1.Info.ParameterCount]);

        var few = Assert.Throws<ArgumentException>(() => adapter.Adapt(new double[7 * D], new double[7]));
        Assert.Contains("support x has shape [7, 10], expected [10, 10]", few.Message);
        var targets = Assert.Throws<ArgumentException>(() => adapter.Adapt(new Batch<double>(new Tensor<double>(new double[N * D], N, D), new Tensor<double>(new double[N], N))));
        Assert.Contains("support y has shape [10], expected [10, 1]", targets.Message);

        var (x, y) = Support(seed: 1);
        var model = adapter.Adapt(x, y);
        var wide = Assert.Throws<ArgumentException>(() => model.Predict(new Batch<double>(new Tensor<double>(new double[2 * 11], 2, 11)), new double[2]));
        Assert.Contains("query x has shape [2, 11], expected [q, 10]", wide.Message);
        Assert.Contains("not whole rows", Assert.Throws<ArgumentException>(() => model.Predict(new double[15])).Message);
    }

    [Fact]
    public void AWarmPredictionAllocatesNothingAndThreadsAgreeWithASerialCaller()
    {
        var theta = new float[LinearSelfAttention3.Info.ParameterCount];
        LinearSelfAttention3.Initialize<float>(theta, 2);
        var adapter = new Adapter<LinearSelfAttention3, float>(theta);
        var models = Enumerable.Range(0, 8).Select(s =>
        {
            var (x, y) = Support(seed: 20 + s);
            return adapter.Adapt(Array.ConvertAll(x, v => (float)v), Array.ConvertAll(y, v => (float)v));
        }).ToArray();
        var queries = new Batch<float>(new Tensor<float>(Array.ConvertAll(Uniform(6 * D, seed: 30), v => (float)v), 6, D));
        var serial = models.Select(m =>
        {
            var output = new float[6];
            m.Predict(queries, output);
            return output;
        }).ToArray();

        var output = new float[6];
        models[0].Predict(queries, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) models[i % 8].Predict(queries, output);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        int mismatches = 0;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var mine = new float[6];
            for (int i = 0; i < 200; i++)
            {
                models[(t + i) % 8].Predict(queries, mine);
                if (!mine.AsSpan().SequenceEqual(serial[(t + i) % 8])) Interlocked.Increment(ref mismatches);
            }
        })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void ACheckpointOfATrainedModelLoadsAndAdaptsInContext()
    {
        var trainer = new AttentionTrainer<LinearSelfAttention1, float>(metaBatch: 32, chunkSize: 16, learningRate: 1e-2, threads: 1, seed: 4);
        for (int step = 0; step < 5; step++) trainer.Step();
        string path = Path.Combine(_directory, "lsa.safetensors");
        Checkpoint.Save<float>(path, trainer.Theta, LinearSelfAttention1.Info, "in-context", 5, 4);
        var (x, y) = Support(seed: 6);
        var xs = Array.ConvertAll(x, v => (float)v);
        var ys = Array.ConvertAll(y, v => (float)v);
        var queries = Array.ConvertAll(Uniform(4 * D, seed: 7), v => (float)v);

        var loaded = Adapter<LinearSelfAttention1, float>.Load(path, new AdapterOptions { Steps = 3 });

        Assert.Equal("in-context", loaded.Metadata!.Algorithm);
        Assert.True(loaded.Parameters.SequenceEqual(trainer.Theta));
        Assert.Equal(new Adapter<LinearSelfAttention1, float>(trainer.Theta).Adapt(xs, ys).Predict(queries), loaded.Adapt(xs, ys).Predict(queries));
        // No gradient step, whatever the options say.
        Assert.True(loaded.Adapt(xs, ys).Parameters.SequenceEqual(trainer.Theta));
    }

    private static (double[] X, double[] Y) Support(int seed) => (Uniform(N * D, seed), Uniform(N, seed + 1000));

    private static double[] Uniform(int count, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        return Enumerable.Range(0, count).Select(_ => rng.NextDouble(-1, 1)).ToArray();
    }
}
