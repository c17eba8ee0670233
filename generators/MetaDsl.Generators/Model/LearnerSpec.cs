namespace MetaDsl.Generators.Model
{
    /// <summary>Everything the emitters need about one learner, with no Roslyn symbols or syntax.</summary>
    /// <param name="Namespace">The containing namespace as C# (identifiers escaped where they are keywords), or null for the global namespace.</param>
    /// <param name="ClassName">The learner's name as it reads in messages (no <c>@</c>).</param>
    /// <param name="Keyword">How the learner is declared: <c>class</c> or <c>record</c>.</param>
    /// <param name="ContainingTypes">Declarations of enclosing types, outermost first, e.g. <c>partial class Outer</c>.</param>
    /// <param name="MetadataName">Namespace, enclosing types and name joined by dots, unescaped: unique per learner.</param>
    /// <param name="Parameters">Every <c>[Param]</c> and <c>[MetaParam]</c>, in declaration order.</param>
    /// <param name="Loss">The <c>[Loss]</c> method: what the inner loop descends.</param>
    /// <param name="MetaLoss">The <c>[MetaLoss]</c> method (the outer objective), or null when the <c>[Loss]</c> is both.</param>
    /// <param name="Forward">The first <c>[Forward]</c> method, if any.</param>
    /// <param name="Location">Where the learner is declared, to locate a failure while emitting; not part of equality.</param>
    internal sealed record LearnerSpec(
        string? Namespace,
        string ClassName,
        string Keyword,
        EquatableArray<string> ContainingTypes,
        string MetadataName,
        EquatableArray<ParamSpec> Parameters,
        ProgramSpec Loss,
        ProgramSpec? MetaLoss,
        ProgramSpec? Forward,
        Untracked<LocationInfo?> Location)
    {
        /// <summary>Where each parameter starts in theta, and the count past the last: derived, so left out of equality.</summary>
        private readonly Untracked<int[]> _offsets = new Untracked<int[]>(OffsetsOf(Parameters));

        /// <summary>The class name as a C# identifier.</summary>
        public string Identifier => CSharpNames.Escape(ClassName);

        /// <summary>Where parameter <paramref name="parameterIndex"/> starts in theta (the parameter count past the last).</summary>
        public int Offset(int parameterIndex) => _offsets.Value[parameterIndex];

        public int ParameterCount => Offset(Parameters.Count);

        private static int[] OffsetsOf(EquatableArray<ParamSpec> parameters)
        {
            var offsets = new int[parameters.Count + 1];
            for (int i = 0; i < parameters.Count; i++) offsets[i + 1] = offsets[i] + parameters[i].Size;
            return offsets;
        }
    }
}
