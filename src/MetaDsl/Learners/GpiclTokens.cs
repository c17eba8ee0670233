namespace MetaDsl.Learners;

/// <summary>
/// The token layout of general-purpose in-context classification (Kirsch et al. 2022) that
/// <see cref="GpiclTransformer"/> reads: a sequence of <see cref="Length"/> tokens, token t holding a
/// task's projection of image x_t (<see cref="Dimension"/> values) followed by the one-hot label of the
/// image before it (<see cref="Classes"/> values, all zero at t = 0). The model predicts y_t at every t.
/// </summary>
public static class GpiclTokens
{
    /// <summary>The side of the shrunk Fashion-MNIST images.</summary>
    public const int Side = 8;

    /// <summary>The input dimension: the flattened image, and its projection.</summary>
    public const int Dimension = Side * Side;

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Values per token: the projected image, then the previous label one-hot.</summary>
    public const int Width = Dimension + Classes;

    /// <summary>Tokens per sequence.</summary>
    public const int Length = 32;

    /// <summary>Where the previous label's one-hot starts within a token, after the image.</summary>
    public const int PreviousLabel = Dimension;
}
