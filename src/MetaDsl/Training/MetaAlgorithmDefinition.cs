using System.Numerics;

namespace MetaDsl.Training;

/// <summary>
/// One entry of <see cref="MetaAlgorithms"/>: a meta-learning method's name, what it supports, and how it is
/// built for a learner from the shared <see cref="MetaAlgorithmSettings"/>. It sits in the same file as the
/// algorithm it builds.
/// </summary>
public abstract class MetaAlgorithmDefinition
{
    /// <summary>Defines the method called <paramref name="name"/>.</summary>
    protected MetaAlgorithmDefinition(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>The name on the command line, in checkpoints and in result rows (lower case, e.g. <c>fomaml</c>).</summary>
    public string Name { get; }

    /// <summary>True when the meta-gradient can run on an accelerator (<see cref="MetaAlgorithmSettings.Device"/>).</summary>
    public virtual bool RunsOnAccelerators => false;

    /// <summary>True when the query loss may count after several inner steps (<see cref="MetaAlgorithmSettings.QueryLossWeights"/>).</summary>
    public virtual bool TakesQueryLossWeights => false;

    /// <summary>True when tasks must be classification episodes whose last tensor holds class labels.</summary>
    public virtual bool NeedsClassLabels => false;

    /// <summary>Why this method cannot meta-train <paramref name="learner"/> (it lacks what the method learns), or null when it can.</summary>
    public virtual string? Unsuitable(LearnerInfo learner) => null;

    /// <summary>The length of the meta-parameter vector for <paramref name="learner"/>, known before anything is allocated.</summary>
    public virtual int MetaParameterCount(LearnerInfo learner)
    {
        ArgumentNullException.ThrowIfNull(learner);
        return learner.ParameterCount;
    }

    /// <summary>Builds the method for <typeparamref name="TLearner"/>.</summary>
    /// <exception cref="ArgumentException">The settings ask for something this method does not do (a device, query-loss weights).</exception>
    public IMetaAlgorithm<T> Create<TLearner, T>(MetaAlgorithmSettings settings)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(settings.Device, nameof(settings.Device));
        if (settings.QueryLossWeights is not null && !TakesQueryLossWeights)
            throw new ArgumentException($"Query losses after several inner steps are an option of {MetaAlgorithms.Listing(d => d.TakesQueryLossWeights)}; {Name} does not take them.", nameof(settings));
        if (settings.Device.IsAccelerator && !RunsOnAccelerators)
            throw new ArgumentException($"{Name} runs on the CPU only; {MetaAlgorithms.Listing(d => d.RunsOnAccelerators)} run on {settings.Device}.", nameof(settings));
        return Build<TLearner, T>(settings);
    }

    /// <summary>Builds the method once the shared checks have passed.</summary>
    protected abstract IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
