using System.Text.Json;
using System.Text.Json.Serialization;
using MetaDsl.Checkpoints;

namespace MetaDsl.Cli.Output;

/// <summary>How the <c>train</c> reports write their <c>--json</c> files: indented camel case, written atomically.</summary>
internal static class JsonReport
{
    // A diverged result is infinite; write it as "Infinity" rather than fail the whole file.
    private static readonly JsonSerializerOptions s_options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private static readonly JsonSerializerOptions s_withoutNulls = new(s_options) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Serializes <paramref name="document"/> to <paramref name="path"/> atomically; <paramref name="omitNulls"/> leaves out null properties.</summary>
    public static void Write(string path, object document, bool omitNulls = false)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, omitNulls ? s_withoutNulls : s_options);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }
}
