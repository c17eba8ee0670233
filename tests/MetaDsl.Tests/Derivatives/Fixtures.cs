using System.Reflection;

namespace MetaDsl.Tests.Derivatives;

/// <summary>Random parameters and batches shaped by a learner's <see cref="LearnerInfo"/>.</summary>
internal static class Fixtures
{
    /// <summary>Symbolic dims bind to this many rows.</summary>
    public const int Rows = 5;

    /// <summary>Inputs named like this hold class indices in [0, <see cref="Classes"/>).</summary>
    public const string LabelsName = "labels";

    public const int Classes = 3;

    public static double[] Theta<TLearner>(int seed) where TLearner : ILearner<TLearner>
    {
        var theta = new double[TLearner.Info.ParameterCount];
        TLearner.Initialize<double>(theta, seed);
        var rng = new SplitMix64((ulong)seed + 99);
        // Initializers leave biases at zero; perturb so that no derivative vanishes by symmetry.
        for (int i = 0; i < theta.Length; i++) theta[i] += 0.3 * rng.NextGaussian();
        return theta;
    }

    public static Batch<double> Batch(IReadOnlyList<InputInfo> inputs, int seed, int rows = Rows)
    {
        var rng = new SplitMix64((ulong)seed * 7919 + 1);
        var tensors = inputs.Select(input =>
        {
            var shape = input.Dims.Select(d => int.TryParse(d, out var k) ? k : rows).ToArray();
            var data = new double[shape.Aggregate(1, (a, b) => a * b)];
            for (int i = 0; i < data.Length; i++)
                data[i] = input.Name == LabelsName ? rng.NextInt(Classes) : rng.NextGaussian();
            return new Tensor<double>(data, shape);
        }).ToArray();
        return new Batch<double>(tensors);
    }

    /// <summary>A meta-batch of <paramref name="count"/> tasks, support and query drawn from distinct seeds.</summary>
    public static MetaDsl.Tasks.MetaTask<double>[] Tasks<TLearner>(int count) where TLearner : ILearner<TLearner>
        => Enumerable.Range(0, count)
            .Select(t => new MetaDsl.Tasks.MetaTask<double>(Batch(TLearner.Info.Inputs, 10 + t), Batch(TLearner.Info.Inputs, 20 + t)))
            .ToArray();

    public static Batch<float> ToFloat(Batch<double> batch)
        => new(Enumerable.Range(0, batch.Count).Select(i => new Tensor<float>(batch[i].Data.Select(v => (float)v).ToArray(), batch[i].Shape)).ToArray());

    public static double[] Vector(int length, int seed)
    {
        var rng = new SplitMix64((ulong)seed * 31 + 7);
        return Enumerable.Range(0, length).Select(_ => rng.NextGaussian()).ToArray();
    }

    /// <summary>Runs the learner's own [Loss] method eagerly, through the reference Ops.</summary>
    public static double EagerLoss<TLearner>(double[] theta, Batch<double> batch) where TLearner : ILearner<TLearner>, new()
    {
        var learner = new TLearner();
        ((IEagerLearner)learner).LoadParameters(theta);
        var loss = typeof(TLearner).GetMethods().Single(m => m.GetCustomAttribute<LossAttribute>() is not null);
        var args = Enumerable.Range(0, batch.Count).Select(i => (object)new Tensor(batch[i].Data, batch[i].Shape)).ToArray();
        return ((Tensor)loss.Invoke(learner, args)!).Item();
    }
}
