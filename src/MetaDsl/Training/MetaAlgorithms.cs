using System.Numerics;

namespace MetaDsl.Training;

/// <summary>Builds algorithms by kind, and maps kinds to and from the names used on the command line and in checkpoints.</summary>
public static class MetaAlgorithms
{
    private static readonly (MetaAlgorithmKind Kind, string Name)[] s_names =
    [
        (MetaAlgorithmKind.Maml, "maml"),
        (MetaAlgorithmKind.FirstOrderMaml, "fomaml"),
        (MetaAlgorithmKind.Reptile, "reptile"),
        (MetaAlgorithmKind.MetaSgd, "metasgd"),
        (MetaAlgorithmKind.Anil, "anil"),
        (MetaAlgorithmKind.ImplicitMaml, "imaml"),
    ];

    /// <summary>Every algorithm's name, in the order of <see cref="MetaAlgorithmKind"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = s_names.Select(n => n.Name).ToArray();

    /// <summary>The name of <paramref name="kind"/>, e.g. <c>fomaml</c>.</summary>
    public static string NameOf(MetaAlgorithmKind kind)
    {
        foreach (var (k, name) in s_names)
            if (k == kind) return name;
        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown algorithm.");
    }

    /// <summary>The kind called <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryParse(string? name, out MetaAlgorithmKind kind)
    {
        foreach (var (k, n) in s_names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>Builds <paramref name="kind"/> for <typeparamref name="TLearner"/>.</summary>
    public static IMetaAlgorithm<T> Create<TLearner, T>(MetaAlgorithmKind kind, MetaAlgorithmSettings settings)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.QueryLossWeights is not null && kind is not (MetaAlgorithmKind.Maml or MetaAlgorithmKind.FirstOrderMaml))
            throw new ArgumentException($"Query losses after several inner steps are a MAML option; {NameOf(kind)} does not take them.", nameof(settings));
        return kind switch
        {
            MetaAlgorithmKind.Maml => new MamlAlgorithm<TLearner, T>(settings, Meta.MetaGradientOrder.Second),
            MetaAlgorithmKind.FirstOrderMaml => new MamlAlgorithm<TLearner, T>(settings, Meta.MetaGradientOrder.First),
            MetaAlgorithmKind.Reptile => new ReptileAlgorithm<TLearner, T>(settings),
            MetaAlgorithmKind.MetaSgd => new MetaSgdAlgorithm<TLearner, T>(settings),
            MetaAlgorithmKind.Anil => new AnilAlgorithm<TLearner, T>(settings),
            MetaAlgorithmKind.ImplicitMaml => new ImplicitMamlAlgorithm<TLearner, T>(settings),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown algorithm."),
        };
    }
}
