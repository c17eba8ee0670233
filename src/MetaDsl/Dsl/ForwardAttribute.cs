namespace MetaDsl;

/// <summary>
/// A forward method: the learner's model (the static <c>Predict</c>) or a helper that other bodies call. A
/// learner with one <c>[Forward]</c> method has that one as its model; with several, exactly one says
/// <c>[Forward(Model = true)]</c>, and leaving it unsaid (or saying it twice) is a build error.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class ForwardAttribute : Attribute
{
    /// <summary>Whether this method is the learner's model, needed when the learner has several <c>[Forward]</c> methods.</summary>
    public bool Model { get; set; }
}
