using System.Globalization;
using System.Text;
using MetaDsl.Checkpoints;
using MetaDsl.Cli.Experiments;
using MetaDsl.Learners;

namespace MetaDsl.Cli.Plotting;

/// <summary>
/// <c>train gpicl</c>'s figure, after the paper's: left, accuracy on the training tasks and on unseen tasks
/// against the number of training tasks (log scale); right, unseen-task accuracy against the position in the
/// sequence, one line per pool size, so that in-context learning shows as a line that rises. Hand-written SVG.
/// </summary>
internal static class GpiclFigure
{
    private const double PanelWidth = 440, PanelHeight = 340, Left = 80, Top = 50, Gap = 110;
    private static readonly string[] s_colours = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

    /// <summary>Draws the figure and writes it atomically.</summary>
    public static void Write(string path, IReadOnlyList<GpiclPoolResult> results)
    {
        double width = Left + 2 * PanelWidth + Gap + 40, height = Top + PanelHeight + 70;
        var log2 = results.Select(r => Math.Log2(r.Tasks)).ToList();
        double chance = 1.0 / GpiclTokens.Classes;
        var byTasks = new SvgPanel("tasks", Left, Top, PanelWidth, PanelHeight, (log2.Min(), log2.Max()), (0, 1));
        byTasks.Line("seen tasks", "#1f77b4", results.Select((r, i) => (log2[i], r.SeenAccuracy)).ToList());
        byTasks.Line("unseen tasks", "#d62728", results.Select((r, i) => (log2[i], r.UnseenAccuracy)).ToList());
        byTasks.Line("chance", "#7f7f7f", [(log2.Min(), chance), (log2.Max(), chance)], dash: "6 4", width: 1);

        var byPosition = new SvgPanel("position", Left + PanelWidth + Gap, Top, PanelWidth, PanelHeight, (1, GpiclTokens.Length), (0, 1));
        for (int i = 0; i < results.Count; i++)
            byPosition.Line(string.Create(CultureInfo.InvariantCulture, $"2^{log2[i]:0.#} tasks"), s_colours[i % s_colours.Length],
                results[i].Unseen.Select((a, t) => (t + 1.0, a)).ToList());
        byPosition.Line("chance", "#7f7f7f", [(1, chance), (GpiclTokens.Length, chance)], dash: "6 4", width: 1);

        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">\n"));
        svg.Append(string.Create(CultureInfo.InvariantCulture, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n"));
        byTasks.WriteTo(svg, "Accuracy on seen and unseen tasks", "log2 of the number of training tasks", "accuracy (all positions)");
        byPosition.WriteTo(svg, "Unseen tasks: accuracy by position", "position in the sequence", "accuracy");
        svg.Append("</svg>\n");
        var bytes = Encoding.UTF8.GetBytes(svg.ToString());
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
