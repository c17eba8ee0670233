using MetaDsl.Generators.Graph;

namespace MetaDsl.Generators.Model
{
    /// <summary>A <c>[Loss]</c> or <c>[Forward]</c> method lowered to a graph (calls inlined, loops unrolled).</summary>
    /// <param name="MethodName">The C# method's name.</param>
    /// <param name="Inputs">Its tensor parameters in order; graph Input nodes index into these.</param>
    /// <param name="Graph">The graph; its Param nodes index into the learner's parameters.</param>
    internal sealed record ProgramSpec(string MethodName, EquatableArray<InputSpec> Inputs, GraphSpec Graph);
}
