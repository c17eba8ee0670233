using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Training;

/// <summary>
/// Measures few-shot adaptation on held-out tasks: for each of M tasks drawn from a stream of its
/// own seed, each reported step count s adapts from the trained parameters on the support set for s
/// steps and scores the query set (<see cref="IAdaptation{T}.Score{TLearner}"/>). Every call replays the same tasks, so algorithms compared with
/// one evaluator see identical tasks (a paired comparison).
/// </summary>
/// <remarks>Single-threaded; owns its buffers, so one instance must not be used from several threads at once.</remarks>
/// <typeparam name="TLearner">The learner.</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class Evaluator<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ITaskSampler<T> _sampler;
    private readonly MetaTask<T> _task;
    private readonly T[] _adapted = new T[TLearner.Info.ParameterCount];

    /// <summary>Evaluates on tasks from <paramref name="sampler"/>.</summary>
    public Evaluator(ITaskSampler<T> sampler, EvaluationOptions options)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _sampler = sampler;
        _task = sampler.Allocate();
        Options = options;
    }

    /// <summary>The settings.</summary>
    public EvaluationOptions Options { get; }

    /// <summary>One row per step count: the mean query loss (and accuracy) after adapting <paramref name="parameters"/> with <paramref name="adaptation"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; it is checked before every task.</exception>
    public IReadOnlyList<EvaluationRow> Evaluate(string algorithm, IAdaptation<T> adaptation, ReadOnlySpan<T> parameters, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(algorithm);
        ArgumentNullException.ThrowIfNull(adaptation);
        Guard.Length(parameters, adaptation.Length, TLearner.Info.Name, nameof(parameters));
        var steps = Options.Steps;
        var losses = new RunningStatistic[steps.Count];
        var accuracies = new RunningStatistic[steps.Count];
        var rng = new SplitMix64(unchecked((ulong)Options.Seed));
        for (int m = 0; m < Options.Tasks; m++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _sampler.Sample(ref rng, _task);
            for (int i = 0; i < steps.Count; i++)
            {
                var score = adaptation.Score<TLearner>(parameters, _task, steps[i], _adapted, Options.Accuracy);
                losses[i].Add(score.Loss);
                if (Options.Accuracy) accuracies[i].Add(score.Accuracy);
            }
        }
        var rows = new EvaluationRow[steps.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new EvaluationRow(algorithm, Options.Shots, steps[i], losses[i].Mean, losses[i].Ci95);
            if (Options.Accuracy) rows[i] = rows[i] with { Accuracy = accuracies[i].Mean, AccuracyCi95 = accuracies[i].Ci95 };
        }
        return rows;
    }
}
