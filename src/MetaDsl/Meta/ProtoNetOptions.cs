namespace MetaDsl.Meta;

/// <summary>Settings of <see cref="ProtoNet{TLearner, T}"/>.</summary>
public sealed class ProtoNetOptions
{
    /// <summary>How many threads share a meta-batch, with the same determinism as <see cref="MamlOptions.Threads"/>.</summary>
    public int Threads { get; init; } = 1;
}
