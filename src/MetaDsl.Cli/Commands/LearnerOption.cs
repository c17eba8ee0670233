using System.CommandLine;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Commands;

/// <summary>
/// <c>--learner NAME</c> of a <c>train</c> subcommand whose experiment comes with more than one
/// learner (omniglot: conv4 or mlp). A resumed run keeps the learner its checkpoint records.
/// </summary>
internal sealed class LearnerOption
{
    private readonly IReadOnlyList<Experiment> _choices;

    private LearnerOption(IReadOnlyList<Experiment> choices)
    {
        _choices = choices;
        Option = CliOptions.Choice("--learner", "The learner to meta-train: " + string.Join(", ", choices.Select(c => $"{c.LearnerChoice} ({c.Learner})")) + ".",
            choices.Select(c => c.LearnerChoice!).ToList(), choices[0].LearnerChoice!);
    }

    /// <summary>The option, to add to the subcommand.</summary>
    public Option<string> Option { get; }

    /// <summary>The option for experiments sharing one name, or null when there is only one.</summary>
    public static LearnerOption? For(IReadOnlyList<Experiment> experiments) => experiments.Count > 1 ? new LearnerOption(experiments) : null;

    /// <summary>The experiment chosen; with <paramref name="resume"/> and no <c>--learner</c>, the one of the checkpoint's learner.</summary>
    /// <exception cref="UsageException"><c>--learner</c> names another learner than the checkpoint to resume.</exception>
    public Experiment Pick(ParseResult result, string? resume)
    {
        bool given = result.GetResult(Option) is { Implicit: false };
        var chosen = _choices.First(c => c.LearnerChoice == result.GetValue(Option));
        if (resume is null || !File.Exists(resume)) return chosen;
        var metadata = SafetensorsReader.ReadHeader(resume).Metadata;
        if (!metadata.TryGetValue("learner", out var learner) || _choices.FirstOrDefault(c => c.Learner == learner) is not { } recorded) return chosen;
        if (given && recorded != chosen)
            throw new UsageException($"--learner {chosen.LearnerChoice} differs from {recorded.LearnerChoice} ({recorded.Learner}) in '{resume}'; a resumed run keeps its learner (leave --learner out).");
        return recorded;
    }
}
