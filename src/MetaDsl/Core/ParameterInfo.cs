namespace MetaDsl;

/// <summary>One parameter's place in the flat vector.</summary>
/// <param name="Name">The field's name.</param>
/// <param name="Shape">Its dims.</param>
/// <param name="Offset">Where it starts in theta.</param>
/// <param name="Init">How <c>Initialize</c> fills it.</param>
/// <param name="InitValue">The value for <see cref="MetaDsl.Init.Constant"/>.</param>
/// <param name="IsMeta">True for a <c>[MetaParam]</c> (not adapted in the inner loop).</param>
public sealed record ParameterInfo(string Name, int[] Shape, int Offset, Init Init, double InitValue, bool IsMeta)
{
    /// <summary>The number of values.</summary>
    public int Size
    {
        get
        {
            int s = 1;
            foreach (var d in Shape) s *= d;
            return s;
        }
    }
}
