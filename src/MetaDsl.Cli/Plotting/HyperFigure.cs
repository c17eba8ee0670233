using System.Globalization;
using System.Text;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;
using MetaDsl.Learners;

namespace MetaDsl.Cli.Plotting;

/// <summary>
/// <c>train hyper</c>'s figure: the validation cross-entropy of every method against SGD steps, and the tuned log decays
/// of each layer sorted (how far tuning spread them from their common start). Hand-written SVG.
/// </summary>
internal static class HyperFigure
{
    private const double PanelWidth = 420, PanelHeight = 300, Gap = 110;
    private static readonly string[] s_colours = ["#7f7f7f", "#1f77b4", "#d62728", "#2ca02c"];

    /// <summary>Draws the figure and writes it atomically.</summary>
    public static void Write(string path, IReadOnlyList<HyperRow> rows, float[] tuned, int innerSteps)
    {
        double width = Gap + 2 * (PanelWidth + Gap), height = PanelHeight + 130;
        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n"));
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));

        var curves = rows.Select(r => r.ValidationCurve.Select((y, h) => ((double)(h + 1) * innerSteps, y)).Where(p => double.IsFinite(p.y)).ToList()).ToList();
        var ys = curves.SelectMany(c => c).Select(p => p.Item2).DefaultIfEmpty(1).ToList();
        var validation = new SvgPanel("validation", Gap, 50, PanelWidth, PanelHeight, (0, rows.Max(r => r.ValidationCurve.Length) * (double)innerSteps), (ys.Min(), ys.Max()));
        for (int i = 0; i < rows.Count; i++)
            validation.Line(rows[i].Description, s_colours[i % s_colours.Length], curves[i], dash: i == rows.Count - 1 ? "6 4" : null);
        validation.WriteTo(svg, "validation loss", "SGD step", "validation cross-entropy");

        var layers = DecayedFashionMlp.Info.Parameters.Where(p => p.IsMeta).ToList();
        var sorted = layers.Select(p => tuned.AsSpan(p.Offset, p.Size).ToArray().Order().Select((v, i) => ((double)i / Math.Max(1, p.Size - 1), (double)v)).ToList()).ToList();
        var decays = sorted.SelectMany(s => s).Select(p => p.Item2).DefaultIfEmpty(0).ToList();
        var spread = new SvgPanel("decays", 2 * Gap + PanelWidth, 50, PanelWidth, PanelHeight, (0, 1), (decays.Min(), Math.Max(decays.Max(), decays.Min() + 1e-3)));
        for (int i = 0; i < layers.Count; i++)
            spread.Line($"{layers[i].Name} ({layers[i].Size} weights)", s_colours[(i + 1) % s_colours.Length], sorted[i]);
        spread.WriteTo(svg, "tuned log decays, sorted", "fraction of the layer's weights", "log decay");
        svg.Append("</svg>\n");
        var bytes = Encoding.UTF8.GetBytes(svg.ToString());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
