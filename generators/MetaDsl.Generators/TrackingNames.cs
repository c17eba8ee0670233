namespace MetaDsl.Generators
{
    /// <summary>Names of pipeline steps, for incrementality tests.</summary>
    internal static class TrackingNames
    {
        public const string Parse = nameof(Parse);
        public const string Diagnostics = nameof(Diagnostics);
        public const string Spec = nameof(Spec);
        public const string HintNames = nameof(HintNames);
    }
}
