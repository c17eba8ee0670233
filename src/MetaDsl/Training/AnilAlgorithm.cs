using System.Numerics;
using MetaDsl.Meta;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>ANIL behind <see cref="IMetaAlgorithm{T}"/>; adaptation moves only the head.</summary>
internal sealed class AnilAlgorithm<TLearner, T> : LearnerAlgorithm<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Anil<TLearner, T> _anil;

    public AnilAlgorithm(MetaAlgorithmSettings settings) : base(MetaAlgorithmKind.Anil) =>
        _anil = new Anil<TLearner, T>(new AnilOptions
        {
            InnerSteps = settings.InnerSteps,
            InnerLearningRate = settings.InnerLearningRate,
            Threads = settings.Threads,
            Device = settings.Device,
            AdaptedParameters = settings.Head ?? DefaultHead(TLearner.Info),
        });

    public override T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient) =>
        _anil.MetaGradient(parameters, tasks, gradient);

    public override void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _anil.Adapt(parameters, support, steps, adapted);

    /// <summary>The last two adaptable parameters: the output layer's weights and bias in a layered network.</summary>
    internal static string[] DefaultHead(LearnerInfo info) =>
        info.Parameters.Where(p => !p.IsMeta).TakeLast(2).Select(p => p.Name).ToArray();
}
