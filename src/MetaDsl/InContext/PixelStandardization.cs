using MetaDsl.Tasks;

namespace MetaDsl.InContext;

/// <summary>
/// One mean and one standard deviation over every pixel of a training split, so that standardized images,
/// and their random projections, have entries of about unit scale. A single pair rather than one per pixel:
/// the border pixels of Fashion-MNIST are nearly constant, and dividing by their tiny deviations would blow up noise.
/// </summary>
/// <param name="Mean">The mean pixel value.</param>
/// <param name="Deviation">The standard deviation of the pixel values, positive.</param>
public readonly record struct PixelStandardization(float Mean, float Deviation)
{
    /// <summary>The mean and deviation of <paramref name="images"/>' pixels.</summary>
    /// <exception cref="ArgumentException">Every pixel has the same value, so there is no deviation to divide by.</exception>
    public static PixelStandardization Of(LabelledImages images)
    {
        ArgumentNullException.ThrowIfNull(images);
        double sum = 0, squares = 0;
        foreach (float p in images.Pixels)
        {
            sum += p;
            squares += (double)p * p;
        }
        double mean = sum / images.Pixels.Length;
        double deviation = Math.Sqrt(Math.Max(0, squares / images.Pixels.Length - mean * mean));
        if (!(deviation > 0)) throw new ArgumentException($"The {images.Count} images all have pixel value {mean}: they cannot be standardized.", nameof(images));
        return new PixelStandardization((float)mean, (float)deviation);
    }
}
