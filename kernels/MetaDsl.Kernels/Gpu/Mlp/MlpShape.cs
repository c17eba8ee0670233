namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// The layer widths of a ReLU MLP with a linear output and MSE loss (input first), and what host and
/// kernels must agree on: the flat parameter layout and scratch sizes. Layout of theta: for each
/// linear layer l, W_l [in, out] row-major then b_l [out] (the [Param] order of a learner written
/// with <c>Linear(x, W, b) = x @ W + b</c>, as <c>MetaDsl.Learners.SineMlp</c> is).
/// </summary>
public sealed class MlpShape : IEquatable<MlpShape>
{
    private readonly int[] _sizes;

    /// <summary>Creates a shape from at least two positive widths, input first.</summary>
    public MlpShape(params int[] layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Length < 2) throw new ArgumentException("An MLP needs an input and an output width.", nameof(layerSizes));
        if (layerSizes.Any(size => size < 1)) throw new ArgumentException("Every width must be positive.", nameof(layerSizes));
        _sizes = [.. layerSizes];
        ParameterCount = Enumerable.Range(0, LayerCount).Sum(l => _sizes[l] * _sizes[l + 1] + _sizes[l + 1]);
    }

    /// <summary>The 1-40-40-1 network of the sinusoid regression benchmark.</summary>
    public static MlpShape Sinusoid { get; } = new(1, 40, 40, 1);

    /// <summary>The widths, input first.</summary>
    public IReadOnlyList<int> LayerSizes => _sizes;

    /// <summary>Number of linear layers.</summary>
    public int LayerCount => _sizes.Length - 1;

    /// <summary>Input features per point.</summary>
    public int InputSize => _sizes[0];

    /// <summary>Outputs per point.</summary>
    public int OutputSize => _sizes[^1];

    /// <summary>Length of the flat parameter vector.</summary>
    public int ParameterCount { get; }

    /// <summary>Sum of the widths of all layer outputs (hidden and final).</summary>
    public int OutputUnitCount => _sizes.Skip(1).Sum();

    /// <summary>Widest layer output.</summary>
    public int MaxWidth => _sizes.Skip(1).Max();

    /// <summary>Values of activation scratch for <paramref name="points"/> points (see <see cref="MlpActivations{T}"/>).</summary>
    public long ActivationScratch(int points) => 2L * points * OutputUnitCount + 4L * points * MaxWidth;

    /// <inheritdoc/>
    public bool Equals(MlpShape? other) => other is not null && _sizes.AsSpan().SequenceEqual(other._sizes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MlpShape);

    /// <inheritdoc/>
    public override int GetHashCode() => ToString().GetHashCode(StringComparison.Ordinal);

    /// <summary>The widths joined by dashes, e.g. "1-40-40-1".</summary>
    public override string ToString() => string.Join('-', _sizes);
}
