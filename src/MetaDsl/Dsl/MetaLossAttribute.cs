namespace MetaDsl;

/// <summary>
/// The learner's outer (query, validation) objective, when it differs from the <see cref="LossAttribute"/> the
/// inner loop descends: a learned loss, or a training loss with terms the task is not judged by. It takes the
/// same inputs as the <c>[Loss]</c> and returns a scalar; meta-learning algorithms score query data with it.
/// Without one, the <c>[Loss]</c> is both objectives.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class MetaLossAttribute : Attribute;
