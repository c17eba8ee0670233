namespace MetaDsl.Training;

/// <summary>Settings of <see cref="Evaluator{TLearner, T}"/>.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Held-out tasks M. At least 2 (the interval needs a standard deviation).</summary>
    public int Tasks { get; init; } = 600;

    /// <summary>The adaptation step counts to report, e.g. 1, 5 and 10.</summary>
    public IReadOnlyList<int> Steps { get; init; } = [1, 5, 10];

    /// <summary>The support shots of the sampler's tasks (recorded in each row).</summary>
    public required int Shots { get; init; }

    /// <summary>Seeds the held-out task stream; keep it apart from the training seed.</summary>
    public int Seed { get; init; } = 1_000_003;

    /// <summary>Also report query accuracy: the learner's output is logits [n, classes] and the query's last tensor holds class indices.</summary>
    public bool Accuracy { get; init; }

    /// <summary>Checks the settings.</summary>
    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Tasks, 2, nameof(Tasks));
        ArgumentOutOfRangeException.ThrowIfLessThan(Shots, 1, nameof(Shots));
        ArgumentNullException.ThrowIfNull(Steps);
        if (Steps.Count == 0 || Steps.Any(s => s < 0))
            throw new ArgumentOutOfRangeException(nameof(Steps), "Give at least one step count, none negative.");
    }
}
