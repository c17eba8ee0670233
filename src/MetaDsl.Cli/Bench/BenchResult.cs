using System.Text.Json.Serialization;

namespace MetaDsl.Cli.Bench;

/// <summary>One measured case at one thread count.</summary>
/// <param name="Case">The case name.</param>
/// <param name="Threads">Threads the step used.</param>
/// <param name="MsPerStepMedian">Median milliseconds per step.</param>
/// <param name="StepsPerSecond">1000 / median.</param>
/// <param name="Gflops">Achieved GFLOP/s at the median.</param>
/// <param name="SgemmGflops">This machine's SGEMM rate, measured in the same run.</param>
/// <param name="BytesAllocatedPerStep">Managed bytes allocated per warm step, over the whole process.</param>
/// <param name="Samples">Steps timed.</param>
/// <param name="BytesHeld">
/// Managed bytes the case keeps live once warm, for all its thread counts together: its buffers and the
/// learner's workspaces (steps allocate nothing more). Workspaces an earlier case of the same process made are not counted again.
/// </param>
public sealed record BenchResult(
    [property: JsonPropertyName("case")] string Case,
    [property: JsonPropertyName("threads")] int Threads,
    [property: JsonPropertyName("ms_per_step_median")] double MsPerStepMedian,
    [property: JsonPropertyName("steps_per_second")] double StepsPerSecond,
    [property: JsonPropertyName("gflops")] double Gflops,
    [property: JsonPropertyName("sgemm_gflops")] double SgemmGflops,
    [property: JsonPropertyName("bytes_allocated_per_step")] double BytesAllocatedPerStep,
    [property: JsonPropertyName("samples")] int Samples,
    [property: JsonPropertyName("bytes_held")] long BytesHeld)
{
    /// <summary>Achieved rate as a fraction of the SGEMM rate.</summary>
    [JsonIgnore]
    public double FractionOfSgemm => Gflops / SgemmGflops;
}
