using System.Text.Json;
using System.Text.Json.Serialization;
using MetaDsl.Checkpoints;

namespace MetaDsl.Training;

/// <summary>Writes evaluation rows as a JSON array with one object per row.</summary>
public static class EvaluationJson
{
    // A diverged fine-tuning run gives NaN or infinity; write it as "NaN" rather than fail the whole file.
    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>The rows as JSON text.</summary>
    public static string Serialize(IReadOnlyList<EvaluationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return JsonSerializer.Serialize(rows, s_options);
    }

    /// <summary>Writes the rows to <paramref name="path"/> atomically (a failed write leaves an existing file as it was).</summary>
    public static void Write(string path, IReadOnlyList<EvaluationRow> rows)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(rows, s_options);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
