using MetaDsl.Generators.Diagnostics;

namespace MetaDsl.Generators.Model
{
    /// <summary>What parsing one <c>[Learner]</c> class yields: a spec when it is well formed, and its diagnostics.</summary>
    internal sealed record ParseResult(LearnerSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics);
}
