using System.Globalization;
using System.Text;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;

namespace MetaDsl.Cli.Plotting;

/// <summary>
/// <c>train lopt</c>'s figure: for each held-out setting, the mean training-loss curves of the learned
/// optimizer and of tuned Adam (log10 scale, as learned-optimizer papers draw them); last, the
/// meta-training curve. Hand-written SVG, one panel each.
/// </summary>
internal static class LoptFigure
{
    private const double PanelWidth = 400, PanelHeight = 300, Gap = 110;

    /// <summary>Draws the figure and writes it atomically.</summary>
    public static void Write(string path, IReadOnlyList<LoptComparisonRow> rows, IReadOnlyList<double> metaLosses, string lossName, string estimator)
    {
        int panels = rows.Count + 1;
        double width = Gap + panels * (PanelWidth + Gap), height = PanelHeight + 130;
        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n"));
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        for (int i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var learned = Log10(row.LearnedCurve);
            var adam = Log10(row.AdamCurve);
            var all = learned.Concat(adam).Select(p => p.Y).ToList();
            var panel = new SvgPanel($"curve{i}", Left(i), 50, PanelWidth, PanelHeight, (0, row.Steps), (all.Count == 0 ? -1 : all.Min(), all.Count == 0 ? 1 : all.Max()));
            panel.Line($"learned ({estimator})", "#d62728", learned);
            panel.Line(string.Create(CultureInfo.InvariantCulture, $"Adam, lr {row.AdamLearningRate:G2}"), "#1f77b4", adam, dash: "6 4");
            panel.WriteTo(svg, $"{row.Setting}: {row.Learner}", "training step", $"log10 mean train {lossName}");
        }
        var meta = MovingAverage.Of(metaLosses, 20);
        var metaPanel = new SvgPanel("meta", Left(rows.Count), 50, PanelWidth, PanelHeight, (0, Math.Max(1, metaLosses.Count)),
            (meta.Count == 0 ? 0 : meta.Min(p => p.Y), meta.Count == 0 ? 1 : meta.Max(p => p.Y)));
        metaPanel.Line("loss per inner step (smoothed)", "#2ca02c", meta);
        metaPanel.WriteTo(svg, "meta-training", "estimate", $"mean log train {lossName} per step");
        svg.Append("</svg>\n");
        var bytes = Encoding.UTF8.GetBytes(svg.ToString());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static double Left(int panel) => Gap + panel * (PanelWidth + Gap);

    /// <summary>The finite points of a curve, in log10; a diverged run's infinite mean is left out.</summary>
    private static List<(double X, double Y)> Log10(double[] curve) =>
        curve.Select((y, s) => ((double)s, Math.Log10(y))).Where(p => double.IsFinite(p.Item2)).ToList();
}
