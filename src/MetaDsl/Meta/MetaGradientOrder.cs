namespace MetaDsl.Meta;

/// <summary>How a meta-gradient treats the dependence of the adapted parameters on the initial ones.</summary>
public enum MetaGradientOrder
{
    /// <summary>Exact: differentiates through every inner step with Hessian-vector products.</summary>
    Second,
    /// <summary>First-order approximation: drops the Hessian terms, so the meta-gradient is the query gradient at the adapted parameters.</summary>
    First,
}
