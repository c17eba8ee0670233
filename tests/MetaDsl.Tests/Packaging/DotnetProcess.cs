using System.Diagnostics;

namespace MetaDsl.Tests.Packaging;

/// <summary>Runs the SDK and built programs as a user would, outside the test host.</summary>
internal static class DotnetProcess
{
    /// <summary>The folder holding MetaDsl.sln.</summary>
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MetaDsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MetaDsl.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <paramref name="file"/> to completion and returns its output; fails the test unless it exits with <paramref name="expectedExitCode"/>.</summary>
    public static string Run(string file, string[] args, string directory, int expectedExitCode = 0)
    {
        var (code, output) = RunToEnd(file, args, directory, TimeSpan.FromMinutes(5));
        Assert.True(code == expectedExitCode, $"{file} {string.Join(' ', args)} exited {code}, expected {expectedExitCode}:\n{output}");
        return output;
    }

    /// <summary>
    /// Runs <paramref name="file"/> and returns its exit code and output. A process still running after
    /// <paramref name="limit"/> is a hang: it is killed with its children and the test fails.
    /// </summary>
    public static (int Code, string Output) RunToEnd(string file, IEnumerable<string> args, string directory, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        // The test host's MSBuild variables would leak into the child build and point it at the wrong SDK pieces.
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBuildSDKsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            // Reading the output waits for the process to end: stop it first.
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', start.ArgumentList)} still running after {limit}:\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
