namespace MetaDsl;

/// <summary>
/// Marks a <c>partial</c> class as a learner: the generator completes it so that it implements
/// <see cref="ILearner{TSelf}"/> with exact gradient and Hessian-vector-product code.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LearnerAttribute : Attribute;
