using System.Globalization;
using MetaDsl.Cli.Experiments;
using Spectre.Console;

namespace MetaDsl.Cli.Output;

/// <summary>Prints and saves <c>train hyper</c>'s comparison of tuned per-weight decays with one untuned or grid-tuned decay.</summary>
internal static class HyperReport
{
    /// <summary>Writes one row per method.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<HyperRow> rows, int sgdSteps)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("weight decay");
        table.AddColumn(new TableColumn("validation CE").RightAligned());
        table.AddColumn(new TableColumn("test CE (95 %)").RightAligned());
        table.AddColumn(new TableColumn("test acc. (95 %)").RightAligned());
        foreach (var row in rows)
            table.AddRow(
                Markup.Escape(row.Description),
                F(row.ValidationLoss, "F4"),
                $"{F(row.TestLoss, "F4")} ± {F(row.TestLossCi95, "F4")}",
                $"{F(100 * row.TestAccuracy, "F2")} % ± {F(100 * row.TestAccuracyCi95, "F2")}");
        console.Write(table);
        console.MarkupLine(Markup.Escape(
            $"Every row trains the same classifier from the same start for {sgdSteps:N0} full-batch SGD steps. Intervals are over the test images; the grid is log decay {string.Join(", ", HyperRun.DecayGrid)}, "
            + "picked by the last validation loss."));
    }

    /// <summary>Writes the rows, with their validation curves, to <paramref name="path"/> atomically.</summary>
    public static void WriteJson(string path, IReadOnlyList<HyperRow> rows) => JsonReport.Write(path, new { Rows = rows });

    private static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "diverged";
}
