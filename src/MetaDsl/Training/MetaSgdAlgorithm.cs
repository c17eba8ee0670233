using System.Numerics;
using MetaDsl.Checkpoints;
using MetaDsl.Meta;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// Meta-SGD behind <see cref="IMetaAlgorithm{T}"/>. Its meta-parameters are theta followed by the
/// learned step sizes (one per entry of theta), stored in checkpoints as extra tensors named
/// <c>lr.</c> + the parameter's name; adaptation uses the learned step sizes.
/// </summary>
internal sealed class MetaSgdAlgorithm<TLearner, T> : LearnerAlgorithm<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The prefix of the step-size tensors' names.</summary>
    public const string RatePrefix = "lr.";

    private readonly MetaSgd<TLearner, T> _metaSgd;
    private readonly T _initialRate;
    private readonly int _n = TLearner.Info.ParameterCount;

    public MetaSgdAlgorithm(MetaAlgorithmSettings settings) : base(MetaAlgorithmKind.MetaSgd)
    {
        _metaSgd = new MetaSgd<TLearner, T>(new MetaSgdOptions { InnerSteps = settings.InnerSteps, Threads = settings.Threads });
        _initialRate = T.CreateChecked(settings.InnerLearningRate);
        var theta = CheckpointParameter.Of(TLearner.Info);
        Layout = [.. theta, .. theta.Select(p => p with { Name = RatePrefix + p.Name, Offset = _n + p.Offset })];
    }

    public override int Length => 2 * _n;

    public override IReadOnlyList<CheckpointParameter> Layout { get; }

    public override void Initialize(Span<T> parameters, int seed)
    {
        TLearner.Initialize(parameters[.._n], seed);
        parameters[_n..].Fill(_initialRate);
    }

    public override T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient) =>
        _metaSgd.MetaGradient(parameters[.._n], parameters[_n..], tasks, gradient[.._n], gradient[_n..]);

    public override void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _metaSgd.Adapt(parameters[.._n], parameters[_n..], support, steps, adapted);
}
