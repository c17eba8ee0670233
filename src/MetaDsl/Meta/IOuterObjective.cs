using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// What an inner loop's meta-gradient differentiates at the adapted parameters, in place of the query loss: its value and
/// its gradient with respect to the adapted parameters, which the reverse pass then carries back through the inner steps.
/// </summary>
internal interface IOuterObjective<T> where T : unmanaged
{
    /// <summary>Writes d(objective)/d<paramref name="adapted"/> into <paramref name="gradient"/> (zero at entries that do not adapt) and returns the objective.</summary>
    T Gradient(ReadOnlySpan<T> adapted, MetaTask<T> task, Span<T> gradient);
}
