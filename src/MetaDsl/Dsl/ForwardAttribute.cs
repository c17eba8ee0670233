namespace MetaDsl;

/// <summary>The learner's prediction. The first <c>[Forward]</c> method becomes the static <c>Predict</c>.</summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ForwardAttribute : Attribute;
