namespace MetaDsl.Generators.Model
{
    /// <summary>Everything the emitters need about one learner, with no Roslyn symbols or syntax.</summary>
    /// <param name="Namespace">The containing namespace, or null for the global namespace.</param>
    /// <param name="ClassName">The learner's class name.</param>
    /// <param name="ContainingTypes">Declarations of enclosing types, outermost first, e.g. <c>partial class Outer</c>.</param>
    /// <param name="Parameters">Every <c>[Param]</c> and <c>[MetaParam]</c>, in declaration order.</param>
    /// <param name="Loss">The <c>[Loss]</c> method.</param>
    /// <param name="Forward">The first <c>[Forward]</c> method, if any.</param>
    internal sealed record LearnerSpec(
        string? Namespace,
        string ClassName,
        EquatableArray<string> ContainingTypes,
        EquatableArray<ParamSpec> Parameters,
        ProgramSpec Loss,
        ProgramSpec? Forward)
    {
        public int Offset(int parameterIndex)
        {
            int offset = 0;
            for (int i = 0; i < parameterIndex; i++) offset += Parameters[i].Size;
            return offset;
        }

        public int ParameterCount => Offset(Parameters.Count);

        /// <summary>Namespace, enclosing types and class name joined by dots: unique per learner, so it names the generated file.</summary>
        public string FullName
            => (Namespace is null ? "" : Namespace + ".") + string.Concat(System.Linq.Enumerable.Select(ContainingTypes, t => t.Substring(t.LastIndexOf(' ') + 1) + ".")) + ClassName;
    }
}
