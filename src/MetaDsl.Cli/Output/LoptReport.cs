using System.Globalization;
using MetaDsl.Cli.Experiments;
using Spectre.Console;

namespace MetaDsl.Cli.Output;

/// <summary>Prints and saves <c>train lopt</c>'s comparison of the learned optimizer with tuned Adam.</summary>
internal static class LoptReport
{
    /// <summary>Writes one row per setting: final training loss, test loss and wins of each optimizer.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<LoptComparisonRow> rows, string lossName, string estimator)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("setting");
        table.AddColumn("target");
        table.AddColumn(new TableColumn("steps").RightAligned());
        table.AddColumn(new TableColumn("Adam lr").RightAligned());
        table.AddColumn(new TableColumn("train: learned").RightAligned());
        table.AddColumn(new TableColumn("Adam").RightAligned());
        table.AddColumn(new TableColumn("test: learned").RightAligned());
        table.AddColumn(new TableColumn("Adam").RightAligned());
        table.AddColumn(new TableColumn("wins").RightAligned());
        foreach (var row in rows)
            table.AddRow(
                Markup.Escape(row.Setting),
                Markup.Escape(row.Learner),
                row.Steps.ToString(CultureInfo.InvariantCulture),
                row.AdamLearningRate.ToString("G2", CultureInfo.InvariantCulture),
                Format(row.LearnedCurve[^1]),
                Format(row.AdamCurve[^1]),
                Format(row.LearnedQuery),
                Format(row.AdamQuery),
                $"{row.LearnedWins}/{row.Tasks}");
        console.Write(table);
        console.MarkupLine(Markup.Escape(
            $"Mean {lossName} over held-out tasks after the last step, on the training examples and on held-out ones (test). The learned optimizer ({estimator}) is used as meta-trained; "
            + $"Adam's learning rate is picked per setting from {string.Join(", ", LoptComparison<MetaDsl.Learners.MlpLearnedOptimizer>.AdamGrid)} on as many separate meta-training tasks. "
            + "wins: tasks whose final training loss is lower with the learned optimizer."));
    }

    /// <summary>Writes the rows (with their mean curves) and the meta-training curve to <paramref name="path"/> atomically.</summary>
    public static void WriteJson(string path, IReadOnlyList<LoptComparisonRow> rows, IReadOnlyList<double> metaLosses)
        => JsonReport.Write(path, new { Comparisons = rows, MetaTrainingLoss = metaLosses });

    private static string Format(double value) => double.IsFinite(value) ? value.ToString("F4", CultureInfo.InvariantCulture) : "diverged";
}
