using MetaDsl.Generators.Graph;

namespace MetaDsl.Generators.Model
{
    /// <summary>A tensor argument of a <c>[Loss]</c> or <c>[Forward]</c> method; each dim is a constant or a single symbol.</summary>
    internal sealed record InputSpec(string Name, EquatableArray<Dim> Shape);
}
