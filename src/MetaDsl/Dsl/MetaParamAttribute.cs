namespace MetaDsl;

/// <summary>
/// A parameter that is meta-learned but not adapted in the inner loop (a learned loss network,
/// per-parameter learning rates). The generator also emits the mixed product
/// d/dphi (dL/dtheta · v) for learners that have one.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = false)]
public sealed class MetaParamAttribute : ParamAttribute
{
    /// <summary>Declares a meta-parameter of the given dims.</summary>
    public MetaParamAttribute(params int[] dims) : base(dims) { }
}
