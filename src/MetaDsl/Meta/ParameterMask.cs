namespace MetaDsl.Meta;

/// <summary>
/// The entries of theta that an inner loop must leave unchanged (meta-parameters, or in ANIL the
/// whole body), as merged offset ranges so clearing them is a handful of span fills.
/// </summary>
internal sealed class ParameterMask
{
    private readonly (int Offset, int Length)[] _frozen;

    private ParameterMask((int Offset, int Length)[] frozen) => _frozen = frozen;

    /// <summary>True when some entries are frozen.</summary>
    public bool HasFrozen => _frozen.Length > 0;

    /// <summary>Freezes the learner's <c>[MetaParam]</c>s.</summary>
    public static ParameterMask ForMetaParameters(LearnerInfo info) =>
        Build(info, p => p.IsMeta);

    /// <summary>Freezes the parameters that adapt, leaving the <c>[MetaParam]</c>s: the complement of <see cref="ForMetaParameters"/>.</summary>
    public static ParameterMask ForAdaptedParameters(LearnerInfo info) =>
        Build(info, p => !p.IsMeta);

    /// <summary>Freezes every parameter but those named; naming a <c>[MetaParam]</c> or an unknown parameter throws.</summary>
    public static ParameterMask Adapting(LearnerInfo info, IReadOnlyCollection<string> adapted)
    {
        ArgumentNullException.ThrowIfNull(adapted);
        if (adapted.Count == 0)
            throw new ArgumentException($"{info.Name}: at least one parameter must adapt in the inner loop.", nameof(adapted));
        foreach (var name in adapted)
        {
            if (info[name].IsMeta)
                throw new ArgumentException($"{info.Name}: '{name}' is a [MetaParam] and cannot adapt in the inner loop.", nameof(adapted));
        }
        return Build(info, p => p.IsMeta || !adapted.Contains(p.Name));
    }

    /// <summary>Zeroes the frozen entries of <paramref name="vector"/>.</summary>
    public void Clear<T>(Span<T> vector)
    {
        foreach (var (offset, length) in _frozen)
            vector.Slice(offset, length).Clear();
    }

    /// <summary>Copies the frozen entries of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public void CopyFrozen<T>(ReadOnlySpan<T> source, Span<T> target)
    {
        foreach (var (offset, length) in _frozen)
            source.Slice(offset, length).CopyTo(target.Slice(offset, length));
    }

    private static ParameterMask Build(LearnerInfo info, Func<ParameterInfo, bool> frozen)
    {
        var ranges = new List<(int Offset, int Length)>();
        foreach (var p in info.Parameters.OrderBy(p => p.Offset))
        {
            if (!frozen(p) || p.Size == 0) continue;
            if (ranges.Count > 0 && ranges[^1].Offset + ranges[^1].Length == p.Offset)
                ranges[^1] = (ranges[^1].Offset, ranges[^1].Length + p.Size);
            else
                ranges.Add((p.Offset, p.Size));
        }
        return new ParameterMask([.. ranges]);
    }
}
