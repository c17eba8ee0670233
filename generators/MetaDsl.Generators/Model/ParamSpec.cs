namespace MetaDsl.Generators.Model
{
    /// <summary>A <c>[Param]</c> or <c>[MetaParam]</c> field, in declaration order.</summary>
    /// <param name="Name">The field or property name.</param>
    /// <param name="Dims">Its constant dims.</param>
    /// <param name="IsMeta">True for <c>[MetaParam]</c>.</param>
    /// <param name="Init">The name of the <c>MetaDsl.Init</c> member.</param>
    /// <param name="InitValue">The value for <c>Init.Constant</c>.</param>
    internal sealed record ParamSpec(string Name, EquatableArray<int> Dims, bool IsMeta, string Init, double InitValue)
    {
        public int Size
        {
            get
            {
                int size = 1;
                foreach (var d in Dims) size *= d;
                return size;
            }
        }
    }
}
