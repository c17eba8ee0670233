namespace MetaDsl;

/// <summary>The learner's scalar training loss; its parameters are the tensors of a <see cref="Batch{T}"/>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LossAttribute : Attribute;
