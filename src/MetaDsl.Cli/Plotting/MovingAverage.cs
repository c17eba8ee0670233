namespace MetaDsl.Cli.Plotting;

/// <summary>Smooths a noisy per-step loss curve for drawing, so a trend reads through the noise.</summary>
internal static class MovingAverage
{
    /// <summary>The mean of the last <c>losses.Count / parts</c> values (at least one) at every step, as points (step from 1, mean).</summary>
    public static List<(double X, double Y)> Of(IReadOnlyList<double> losses, int parts)
    {
        int window = Math.Max(1, losses.Count / parts);
        var points = new List<(double, double)>(losses.Count);
        double sum = 0;
        for (int i = 0; i < losses.Count; i++)
        {
            sum += losses[i];
            if (i >= window) sum -= losses[i - window];
            points.Add((i + 1, sum / Math.Min(i + 1, window)));
        }
        return points;
    }
}
