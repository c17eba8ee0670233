namespace MetaDsl.Checkpoints;

/// <summary>One parameter's slice of a flat theta: stored in a checkpoint as a tensor of this name and shape.</summary>
/// <param name="Name">The parameter's name (the tensor's key).</param>
/// <param name="Shape">Its dims.</param>
/// <param name="Offset">Where it starts in theta.</param>
public sealed record CheckpointParameter(string Name, int[] Shape, int Offset)
{
    /// <summary>The number of values.</summary>
    public int Size
    {
        get
        {
            int s = 1;
            foreach (int d in Shape) s = checked(s * d);
            return s;
        }
    }

    /// <summary>The layout of a generated learner's theta.</summary>
    public static IReadOnlyList<CheckpointParameter> Of(LearnerInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return info.Parameters.Select(p => new CheckpointParameter(p.Name, p.Shape, p.Offset)).ToArray();
    }
}
