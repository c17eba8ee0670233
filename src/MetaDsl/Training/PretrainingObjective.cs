using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Checkpoints;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// The pretrained baseline as an "algorithm": no inner loop, the gradient of the task objective (the [MetaLoss], or the
/// [Loss] without one: a learned loss would only train itself) over every
/// support and query row of the meta-batch pooled together (each task's two losses weighted by their
/// row counts). Adaptation is plain SGD at alpha on the same objective.
/// </summary>
internal sealed class PretrainingObjective<TLearner, T> : IMetaAlgorithm<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The name in checkpoints and result rows.</summary>
    public const string AlgorithmName = "pretrained";

    private readonly SgdAdaptation<TLearner, T> _adaptation;
    private readonly T[] _taskGradient = new T[TLearner.Info.ParameterCount];

    public PretrainingObjective(double adaptationRate) => _adaptation = new SgdAdaptation<TLearner, T>(adaptationRate, taskObjective: true);

    public string Name => AlgorithmName;

    public LearnerInfo Learner => TLearner.Info;

    public int Length => TLearner.Info.ParameterCount;

    public IReadOnlyList<CheckpointParameter> Layout { get; } = CheckpointParameter.Of(TLearner.Info);

    public void Initialize(Span<T> parameters, int seed) => TLearner.Initialize(parameters, seed);

    public T MetaGradient(ReadOnlySpan<T> parameters, IReadOnlyList<MetaTask<T>> tasks, Span<T> gradient)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0) throw new ArgumentException("The meta-batch holds no tasks.", nameof(tasks));
        gradient.Clear();
        T loss = T.Zero;
        int rows = 0;
        foreach (var task in tasks)
        {
            loss += Accumulate(parameters, task.Support, gradient, ref rows);
            loss += Accumulate(parameters, task.Query, gradient, ref rows);
        }
        T count = T.CreateChecked(rows);
        TensorPrimitives.Divide(gradient, count, gradient);
        return loss / count;
    }

    public void Adapt(ReadOnlySpan<T> parameters, Batch<T> support, int steps, Span<T> adapted) =>
        _adaptation.Adapt(parameters, support, steps, adapted);

    /// <summary>Adds n·∇L (the gradient of the batch's summed loss) to <paramref name="gradient"/> and returns n·L.</summary>
    private T Accumulate(ReadOnlySpan<T> parameters, Batch<T> batch, Span<T> gradient, ref int rows)
    {
        int n = batch[0].Shape[0];
        T weight = T.CreateChecked(n);
        T loss = TLearner.MetaLossGradient<T>(parameters, batch, _taskGradient);
        TensorPrimitives.MultiplyAdd(_taskGradient, weight, gradient, gradient);
        rows += n;
        return loss * weight;
    }
}
