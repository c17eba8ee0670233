using System.Globalization;
using MetaDsl.Cli.Experiments;
using MetaDsl.Learners;
using Spectre.Console;

namespace MetaDsl.Cli.Output;

/// <summary>Prints and saves <c>train gpicl</c>'s accuracies on seen and unseen tasks, per size of the training pool.</summary>
internal static class GpiclReport
{
    /// <summary>Writes one row per pool size: the final training loss, and accuracy on seen and unseen tasks overall and with little or much context.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<GpiclPoolResult> results)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("tasks").RightAligned());
        table.AddColumn(new TableColumn("train CE").RightAligned());
        table.AddColumn(new TableColumn("seen").RightAligned());
        table.AddColumn(new TableColumn("unseen").RightAligned());
        table.AddColumn(new TableColumn("seen early").RightAligned());
        table.AddColumn(new TableColumn("seen late").RightAligned());
        table.AddColumn(new TableColumn("unseen early").RightAligned());
        table.AddColumn(new TableColumn("unseen late").RightAligned());
        table.AddColumn(new TableColumn("s").RightAligned());
        foreach (var r in results)
            table.AddRow(
                r.Tasks.ToString("N0", CultureInfo.InvariantCulture),
                Format(FinalLoss(r.MetaTrainingLoss), "F3"),
                Format(r.SeenAccuracy, "F3"),
                Format(r.UnseenAccuracy, "F3"),
                Format(GpiclPoolResult.Early(r.Seen), "F3"),
                Format(GpiclPoolResult.Late(r.Seen), "F3"),
                Format(GpiclPoolResult.Early(r.Unseen), "F3"),
                Format(GpiclPoolResult.Late(r.Unseen), "F3"),
                r.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        console.Write(table);
        int quarter = Math.Max(1, GpiclTokens.Length / 4);
        string chance = (1.0 / GpiclTokens.Classes).ToString("F2", CultureInfo.InvariantCulture);
        console.MarkupLine(Markup.Escape(
            $"Accuracy of the prediction of y_t over all {GpiclTokens.Length} positions of held-out sequences of test-split images (chance {chance}): seen, on the training tasks; "
            + $"unseen, on fresh projections and permutations. early: positions 1 to {quarter}; late: the last {quarter}. train CE: the meta-batch cross-entropy over the last tenth of the steps. "
            + "Memorisation: seen high from the start, unseen at chance; task identification: seen rises with context, unseen at chance; general in-context learning: unseen rises with context."));
    }

    /// <summary>Writes each pool size's accuracies by position and meta-training curve to <paramref name="path"/> atomically.</summary>
    public static void WriteJson(string path, IReadOnlyList<GpiclPoolResult> results)
    {
        var document = new
        {
            Rows = results.Select(r => new
            {
                r.Tasks,
                r.SeenAccuracy,
                r.UnseenAccuracy,
                SeenByPosition = r.Seen,
                UnseenByPosition = r.Unseen,
                r.Seconds,
                Loss = r.MetaTrainingLoss,
            }),
        };
        JsonReport.Write(path, document, omitNulls: true);
    }

    /// <summary>The mean loss over the last tenth of the steps (at least one): the end of training, less the meta-batch's noise.</summary>
    public static double FinalLoss(double[] losses) => losses.TakeLast(Math.Max(1, losses.Length / 10)).Average();

    private static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "diverged";
}
