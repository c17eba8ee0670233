namespace MetaDsl;

/// <summary>How <c>Initialize</c> fills a parameter.</summary>
public enum Init
{
    /// <summary>Kaiming-uniform for tensors of rank two or more (fan-in is the product of all dims
    /// but the last, since weights are <c>[in, out]</c>; for a rank-4 convolution kernel <c>[o, c, kh, kw]</c>
    /// it is <c>c·kh·kw</c>, as in PyTorch); zeros for vectors and scalars.</summary>
    Default,
    /// <summary>Uniform in ±sqrt(6 / fan_in).</summary>
    KaimingUniform,
    /// <summary>Uniform in ±sqrt(6 / (fan_in + fan_out)).</summary>
    Xavier,
    /// <summary>All zeros.</summary>
    Zeros,
    /// <summary>Every entry equals <see cref="ParamAttribute.Value"/>.</summary>
    Constant,
    /// <summary>Normal with mean 0 and standard deviation <see cref="ParamAttribute.Value"/>, redrawn beyond two
    /// deviations (the initializer of MAML's reference implementation, with 0.01).</summary>
    TruncatedNormal,
    /// <summary>Uniform in ±<see cref="ParamAttribute.Value"/>: a Kaiming bound chosen by hand, as for a layer whose
    /// weights are split over several parameters (each fan-in alone would give too wide a bound).</summary>
    Uniform,
}
