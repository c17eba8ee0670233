using System.Numerics;
using MetaDsl.Meta;

namespace MetaDsl.Training;

/// <summary>
/// The table of meta-learning methods, by name: the only place the trainer's callers (the command line,
/// <see cref="Embedding.Adapter{TLearner, T}"/>, evaluation of a checkpoint) learn which algorithms exist.
/// A new method adds its <see cref="MetaAlgorithmDefinition"/> here.
/// </summary>
public static class MetaAlgorithms
{
    private static readonly MetaAlgorithmDefinition[] s_all =
    [
        new MamlDefinition(MetaGradientOrder.Second),
        new MamlDefinition(MetaGradientOrder.First),
        new ReptileDefinition(),
        new MetaSgdDefinition(),
        new AnilDefinition(),
        new ImplicitMamlDefinition(),
        new ProtoNetDefinition(),
        new Ml3Definition(),
        new BmgDefinition(),
        new NpbmlDefinition(),
    ];

    /// <summary>Every method, in the order the command line lists them.</summary>
    public static IReadOnlyList<MetaAlgorithmDefinition> All => s_all;

    /// <summary>Every method's name, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = s_all.Select(d => d.Name).ToArray();

    /// <summary>The method called <paramref name="name"/> (case-insensitive), or false.</summary>
    public static bool TryFind(string? name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out MetaAlgorithmDefinition? definition)
    {
        definition = s_all.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));
        return definition is not null;
    }

    /// <summary>The method called <paramref name="name"/> (case-insensitive).</summary>
    /// <exception cref="ArgumentException">No method has that name; the message lists those that do.</exception>
    public static MetaAlgorithmDefinition Find(string name) =>
        TryFind(name, out var definition)
            ? definition
            : throw new ArgumentException($"No meta-learning algorithm is called '{name}'; known: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>Builds the method called <paramref name="name"/> for <typeparamref name="TLearner"/>; see <see cref="MetaAlgorithmDefinition.Create{TLearner, T}"/>.</summary>
    public static IMetaAlgorithm<T> Create<TLearner, T>(string name, MetaAlgorithmSettings settings)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Find(name).Create<TLearner, T>(settings);

    /// <summary>The names of the methods that satisfy <paramref name="holds"/>, as prose: "maml, fomaml and anil".</summary>
    public static string Listing(Func<MetaAlgorithmDefinition, bool> holds)
    {
        var names = s_all.Where(holds).Select(d => d.Name).ToArray();
        return names.Length <= 1 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} and {names[^1]}";
    }
}
