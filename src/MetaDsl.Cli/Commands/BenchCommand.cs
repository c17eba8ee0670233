using System.CommandLine;
using System.Runtime.Intrinsics;
using System.Text.Json;
using MetaDsl.Cli.Bench;
using Spectre.Console;

namespace MetaDsl.Cli.Commands;

/// <summary><c>bench</c>: meta-steps/s, achieved GFLOP/s and the fraction of this machine's SGEMM rate for each built-in case.</summary>
internal static class BenchCommand
{
    /// <summary>The longest timing per case accepted by <c>--seconds</c>: an hour.</summary>
    private const double MaxSeconds = 3600;

    /// <summary>Builds <c>bench</c>.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var threads = CliOptions.OptionalCount("--threads", $"Threads for the meta-batch cases, at most the cores and a case's tasks (default: 1 and every core, both reported).", 1);
        var seconds = CliOptions.Positive("--seconds", "Timing per case and thread count, up to an hour.", 3.0, MaxSeconds);
        var cases = CliOptions.Choices("--case", "Only these cases (default: all).", BenchCases.All.Select(c => c.Name).ToArray());
        var json = CliOptions.File("--json", "Also write one JSON object per case and thread count to this file.");
        var innerSteps = CliOptions.Count("--inner-steps", "Inner steps K of the Conv-4 cases (the others keep theirs), to see how time and memory grow with K.", ConvBenchCases.InnerSteps, 1, 100);
        var metaBatch = CliOptions.Count("--meta-batch", "Tasks per meta-step of the Conv-4 cases (the others keep theirs).", ConvBenchCases.MetaBatch, 1, 4096);
        var device = CliOptions.Choice("--device",
            "Where the MAML cases run: cpu (SIMD), cuda (GPU 0) or ilgpu-cpu (ILGPU's CPU accelerator, for checking); the H·v and Conv-4 cases run on the CPU only.",
            ["cpu", "cuda", "ilgpu-cpu"], "cpu");
        var command = new Command("bench", "Time the built-in cases: " + string.Join(", ", BenchCases.All.Select(c => c.Name)) + ".")
        {
            threads, seconds, cases, json, innerSteps, metaBatch, device,
        };
        command.SetAction(result => CommandGuard.Run(environment, () =>
        {
            OutputFiles.Check([("--json", result.GetValue(json))]);
            var where = Open(result.GetValue(device)!);
            return Run(environment, result.GetValue(threads), result.GetValue(seconds), result.GetValue(cases), result.GetValue(json), where,
                BenchCases.For(where, result.GetValue(innerSteps), result.GetValue(metaBatch)));
        }));
        return command;
    }

    private static Device Open(string name)
    {
        try
        {
            return Device.Parse(name);
        }
        catch (MetaDsl.Kernels.Gpu.DeviceUnavailableException e)
        {
            throw new UsageException($"--device {name}: {e.Message}");
        }
    }

    private static int Run(CliEnvironment environment, int? threads, double seconds, string[]? names, string? json, Device device, IReadOnlyList<BenchCase> available)
    {
        names = names is { Length: > 0 } ? names : null;
        if (names?.FirstOrDefault(n => available.All(c => c.Name != n)) is { } cpuOnly)
            throw new UsageException($"--case {cpuOnly} runs on the CPU only; leave it out with --device {device.Name}.");
        var selected = available.Where(c => names is null || names.Contains(c.Name)).ToList();
        if (threads is int requested) threads = ThreadLimit.Cap(requested, BenchCases.MaxMetaBatch, environment.Console);
        var console = environment.Console;
        console.MarkupLine($"Machine: [bold]{Markup.Escape(MachineName())}[/], {Environment.ProcessorCount} cores, {Isa()}; device [bold]{Markup.Escape(device.Name)}[/].");
        console.MarkupLine("Measuring SGEMM (2048², float, all cores)...");
        double sgemm = SgemmProbe.MeasureGflops(cancellationToken: environment.Cancellation);
        console.MarkupLine($"SGEMM: [bold]{sgemm:F1}[/] GFLOP/s.");
        console.MarkupLine("[grey]ms/step is the median; MFLOP per step counts matrix products (2·m·k·n), one H·v as two gradients;[/]");
        console.MarkupLine("[grey]SGEMM is the achieved rate as a share of the SGEMM rate; B/step is managed memory allocated per warm step;[/]");
        console.MarkupLine("[grey]MB held is the managed memory a case keeps once warm (all its thread counts): run one case per process to compare cases.[/]");

        var results = new List<BenchResult>();
        foreach (var benchCase in selected)
        {
            var counts = benchCase.Threaded
                ? (threads is int t ? [t] : new[] { 1, Environment.ProcessorCount }.Distinct().ToArray())
                : [1];
            console.MarkupLine($"Timing {benchCase.Name} on {string.Join(" and ", counts)} thread(s)...");
            results.AddRange(BenchRunner.Run(benchCase, counts, sgemm, seconds, environment.Cancellation));
        }

        var table = new Table().AddColumns("case", "thr", "ms/step", "steps/s", "MFLOP", "GFLOP/s", "SGEMM", "B/step", "MB held");
        foreach (var r in results)
        {
            var flops = selected.First(c => c.Name == r.Case).FlopsPerStep;
            table.AddRow(r.Case, r.Threads.ToString(), r.MsPerStepMedian.ToString("F4"), r.StepsPerSecond.ToString("F0"),
                (flops / 1e6).ToString("F2"), r.Gflops.ToString("F1"), r.FractionOfSgemm.ToString("P1"), r.BytesAllocatedPerStep.ToString("F0"), (r.BytesHeld / 1e6).ToString("F1"));
        }
        console.Write(table);
        foreach (var group in results.GroupBy(r => r.Case).Where(g => g.Count() > 1))
        {
            var single = group.First(r => r.Threads == group.Min(x => x.Threads));
            foreach (var r in group.Where(r => r != single))
                console.MarkupLine($"{group.Key}: {r.Threads} threads are [bold]{single.MsPerStepMedian / r.MsPerStepMedian:F2}×[/] {single.Threads} (timed in alternating blocks).");
        }

        if (json is not null)
        {
            File.WriteAllText(json, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
            console.MarkupLine($"Wrote [bold]{Markup.Escape(json)}[/].");
        }
        return 0;
    }

    private static string MachineName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
            foreach (var line in File.ReadLines(cpuinfo))
                if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static string Isa() => Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "no wide SIMD";
}
