using System.Globalization;
using System.Text;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Plotting;

/// <summary>
/// <c>train icl-gd</c>'s figure, as the paper draws it: the meta-training query loss of each layer count
/// against the Adam step (smoothed), beside a dashed line at K steps of gradient descent with its best
/// learning rate, in the same colour. Hand-written SVG, one panel.
/// </summary>
internal static class IclGdFigure
{
    /// <summary>The most points a curve is drawn with: more than the panel has pixels across would only make the file larger.</summary>
    private const int MaxPoints = 600;

    private const double PanelWidth = 560, PanelHeight = 360, Left = 90, Top = 50;
    private static readonly string[] s_colours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"];

    /// <summary>Draws the figure and writes it atomically.</summary>
    public static void Write(string path, IReadOnlyList<IclGdDepthResult> results)
    {
        double width = Left + PanelWidth + 40, height = Top + PanelHeight + 70;
        var curves = results.Select(r => Thin(MovingAverage.Of(r.MetaTrainingLoss, 50))).ToList();
        var values = curves.SelectMany(c => c.Select(p => p.Y)).Concat(results.Select(r => r["gd-best-lr"].Mse)).Where(double.IsFinite).ToList();
        int steps = results.Max(r => r.MetaTrainingLoss.Length);
        var panel = new SvgPanel("icl", Left, Top, PanelWidth, PanelHeight, (0, Math.Max(1, steps)), (0, values.Count == 0 ? 1 : values.Max()));
        for (int i = 0; i < results.Count; i++)
        {
            var result = results[i];
            string colour = s_colours[i % s_colours.Length];
            var descent = result["gd-best-lr"];
            panel.Line($"LSA, K = {result.Layers}", colour, curves[i]);
            panel.Line(string.Create(CultureInfo.InvariantCulture, $"GD, K = {result.Layers}, lr {descent.LearningRate:F2}"), colour, [(0, descent.Mse), (steps, descent.Mse)], dash: "6 4");
        }
        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n"));
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        panel.WriteTo(svg, "Linear self-attention meta-trained in context vs gradient descent", "Adam step", "query MSE (meta-batch, smoothed)");
        svg.Append("</svg>\n");
        var bytes = Encoding.UTF8.GetBytes(svg.ToString());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Every k-th point of a long curve (and its last), so it has at most <see cref="MaxPoints"/>.</summary>
    private static List<(double X, double Y)> Thin(List<(double X, double Y)> points)
    {
        int every = (points.Count + MaxPoints - 1) / MaxPoints;
        if (every <= 1) return points;
        var thinned = points.Where((_, i) => i % every == 0).ToList();
        if ((points.Count - 1) % every != 0) thinned.Add(points[^1]);
        return thinned;
    }
}
