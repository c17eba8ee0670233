namespace MetaDsl;

/// <summary>
/// A learner instance whose <c>[Param]</c> fields can be set from a flat parameter vector, so that
/// its methods run eagerly through the reference <see cref="Ops"/> (for debugging and as the
/// reference the generated code is tested against). The generator implements it on every learner.
/// </summary>
public interface IEagerLearner
{
    /// <summary>Sets every parameter field from <paramref name="theta"/> (the same layout as the generated programs').</summary>
    void LoadParameters(ReadOnlySpan<double> theta);
}
