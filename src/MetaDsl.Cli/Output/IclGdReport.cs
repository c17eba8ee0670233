using System.Globalization;
using MetaDsl.Cli.Experiments;
using Spectre.Console;

namespace MetaDsl.Cli.Output;

/// <summary>Prints and saves <c>train icl-gd</c>'s comparison of linear self-attention with gradient descent.</summary>
internal static class IclGdReport
{
    /// <summary>Writes one row per method and layer count, with the error relative to gradient descent's and the alignment with it.</summary>
    public static void Write(IAnsiConsole console, IReadOnlyList<IclGdDepthResult> results, double zeroMse)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn(new TableColumn("K").RightAligned());
        table.AddColumn("method");
        table.AddColumn(new TableColumn("GD lr").RightAligned());
        table.AddColumn(new TableColumn("MSE").RightAligned());
        table.AddColumn(new TableColumn("vs GD").RightAligned());
        table.AddColumn(new TableColumn("ŷ cos").RightAligned());
        table.AddColumn(new TableColumn("dŷ/dx cos").RightAligned());
        table.AddColumn(new TableColumn("s").RightAligned());
        foreach (var result in results)
        {
            double descent = result["gd-best-lr"].Mse;
            foreach (var row in result.Rows)
                table.AddRow(
                    row.Layers.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(row.Method),
                    row.LearningRate is { } rate ? rate.ToString("F3", CultureInfo.InvariantCulture) : "",
                    Format(row.Mse, "F3"),
                    row.Method == "gd-best-lr" ? "" : Relative(row.Mse / descent - 1),
                    Format(row.PredictionCosine, "F4"),
                    Format(row.SensitivityCosine, "F4"),
                    row.Method == "lsa-trained" ? result.Seconds.ToString("F1", CultureInfo.InvariantCulture) : "");
        }
        console.Write(table);
        foreach (var result in results)
        {
            var plusPlus = result["gd++-best"];
            var trained = result["lsa-trained"];
            if (trained.PlusPlusAlignment is not { } alignment) continue;
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"K = {result.Layers}: GD++ at γ {plusPlus.Curvature:F1}, lr {plusPlus.LearningRate:F3}; lsa-trained against it: ŷ cos {alignment.PredictionCosine:F4}, dŷ/dx cos {alignment.SensitivityCosine:F4}.")));
        }
        string zero = zeroMse.ToString("F4", CultureInfo.InvariantCulture);
        console.MarkupLine(Markup.Escape(
            $"Query MSE on the held-out tasks (predicting 0 scores {zero}). gd-best-lr: K steps of gradient descent from w = 0 on the context's squared loss, its learning rate "
            + "picked from 0.01 to 10 (100 per decade) on as many separate tasks; gd++-best: the paper's GD++ (each layer also moves every x by −γ/N Σ x_i x_iᵀ x), "
            + "γ from 0 to 1 and the rate picked likewise; lsa-constructed: K layers of linear self-attention with von Oswald et al.'s weights for that rate; "
            + "lsa-trained: K layers meta-trained by Adam (s: its seconds). vs GD: relative to gd-best-lr's error. The cosines compare each model's predictions ŷ over all tasks, and its sensitivities dŷ/dx_q "
            + "task by task (averaged), with gradient descent's; --json also holds the RMS difference of the predictions."));
    }

    /// <summary>Writes the rows and each layer count's meta-training curve to <paramref name="path"/> atomically.</summary>
    public static void WriteJson(string path, IReadOnlyList<IclGdDepthResult> results)
    {
        var document = new
        {
            Rows = results.SelectMany(r => r.Rows),
            MetaTraining = results.Select(r => new { r.Layers, r.Seconds, Loss = r.MetaTrainingLoss }),
        };
        JsonReport.Write(path, document, omitNulls: true);
    }

    /// <summary>A relative difference as a signed percentage; one that rounds to zero has no sign.</summary>
    private static string Relative(double change)
    {
        double percent = Math.Round(100 * change, 1);
        return !double.IsFinite(percent) ? "" : percent == 0 ? "0.0%" : percent.ToString("+0.0;-0.0", CultureInfo.InvariantCulture) + "%";
    }

    private static string Format(double? value, string format) => value switch
    {
        null => "",
        { } v when double.IsFinite(v) => v.ToString(format, CultureInfo.InvariantCulture),
        _ => "diverged",
    };
}
