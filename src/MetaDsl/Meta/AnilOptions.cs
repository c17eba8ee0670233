namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="Anil{TLearner, T}"/>: MAML's, plus which parameters adapt.</summary>
public sealed class AnilOptions : MamlOptions
{
    /// <summary>The names of the parameters adapted in the inner loop (typically the head); all others are held fixed there.</summary>
    public required IReadOnlyList<string> AdaptedParameters { get; init; }
}
