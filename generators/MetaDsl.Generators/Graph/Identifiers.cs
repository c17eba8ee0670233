namespace MetaDsl.Generators.Graph
{
    /// <summary>Names of locals in generated code, in one place so emitters agree.</summary>
    internal static class Identifiers
    {
        public static string DimLocal(string symbol) => "__d_" + symbol;

        public static string NodeLocal(int id) => "__v" + id;
    }
}
