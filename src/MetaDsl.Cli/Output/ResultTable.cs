using System.Globalization;
using MetaDsl.Training;
using Spectre.Console;

namespace MetaDsl.Cli.Output;

/// <summary>Prints evaluation rows as a table, with a published reference beside the rows it applies to.</summary>
internal static class ResultTable
{
    /// <summary>Writes <paramref name="rows"/>; <paramref name="paper"/> gives reference values by (algorithm, shots, steps).</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<EvaluationRow> rows, PaperReference? paper, string lossName)
    {
        bool accuracy = rows.Any(r => r.Accuracy is not null);
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("algorithm");
        table.AddColumn(new TableColumn("shots").RightAligned());
        table.AddColumn(new TableColumn("steps").RightAligned());
        table.AddColumn(new TableColumn($"{lossName} ± 95% CI").RightAligned());
        if (accuracy) table.AddColumn(new TableColumn("accuracy ± 95% CI").RightAligned());
        if (paper is not null) table.AddColumn(new TableColumn(Markup.Escape(paper.Title)).RightAligned());
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                Markup.Escape(row.Algorithm),
                row.Shots.ToString(CultureInfo.InvariantCulture),
                row.Steps.ToString(CultureInfo.InvariantCulture),
                Format(row.Mse, row.Ci95),
            };
            if (accuracy) cells.Add(row.Accuracy is { } a ? Format(a, row.AccuracyCi95 ?? double.NaN) : "");
            if (paper is not null) cells.Add(paper.Find(row) is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : "");
            table.AddRow(cells.ToArray());
        }
        console.Write(table);
        if (paper is not null) console.MarkupLine($"[grey]{Markup.Escape(paper.Note)}[/]");
    }

    private static string Format(double mean, double ci) =>
        double.IsFinite(mean) ? string.Create(CultureInfo.InvariantCulture, $"{mean:F3} ± {ci:F3}") : "diverged";
}
