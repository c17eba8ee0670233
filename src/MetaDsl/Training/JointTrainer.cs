using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// The pretrained baseline of Finn et al. (2017): one model trained by Adam on the loss pooled over
/// the support and query rows of sampled tasks, with no inner loop, then fine-tuned at test time by
/// plain SGD. It samples tasks exactly as <see cref="MetaTrainer{T}"/> does.
/// </summary>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class JointTrainer<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly MetaTrainer<T> _trainer;
    private readonly PretrainingObjective<TLearner, T> _objective;

    /// <summary>Prepares a run; <paramref name="adaptationRate"/> is the SGD step size used by <see cref="Adaptation"/>.</summary>
    public JointTrainer(ITaskSampler<T> sampler, MetaTrainerOptions options, double adaptationRate)
    {
        _objective = new PretrainingObjective<TLearner, T>(adaptationRate);
        _trainer = new MetaTrainer<T>(_objective, sampler, options);
    }

    /// <summary>The name of the baseline in checkpoints and result rows.</summary>
    public static string Name => PretrainingObjective<TLearner, T>.AlgorithmName;

    /// <summary>Plain SGD fine-tuning at the adaptation rate, for evaluating the trained parameters.</summary>
    public IAdaptation<T> Adaptation => _objective;

    /// <summary>Trains from a fresh initialization; see <see cref="MetaTrainer{T}.Train(CancellationToken)"/>.</summary>
    public TrainingResult<T> Train(CancellationToken cancellationToken = default) => _trainer.Train(cancellationToken);
}
