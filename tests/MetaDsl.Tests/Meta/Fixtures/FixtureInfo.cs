namespace MetaDsl.Tests.Meta.Fixtures;

/// <summary>Builds the <see cref="LearnerInfo"/> a generated learner would carry, for hand-written fixtures.</summary>
internal static class FixtureInfo
{
    public static LearnerInfo Build(string name, (string Name, int[] Shape, bool IsMeta)[] parameters, InputInfo[] inputs, InputInfo[] forwardInputs, string[] outputDims)
    {
        var infos = new ParameterInfo[parameters.Length];
        int offset = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            var (n, shape, isMeta) = parameters[i];
            infos[i] = new ParameterInfo(n, shape, offset, Init.Default, 0, isMeta);
            offset += infos[i].Size;
        }
        return new LearnerInfo(name, infos, inputs, forwardInputs, outputDims, $"digraph {name} {{}}");
    }

    /// <summary>Deterministic small values in [−scale, scale), so fixtures need no generated initializer.</summary>
    public static void Fill<T>(Span<T> theta, int seed, double scale = 0.5) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var rng = new SplitMix64((ulong)seed);
        for (int i = 0; i < theta.Length; i++) theta[i] = T.CreateChecked(rng.NextDouble(-scale, scale));
    }
}
