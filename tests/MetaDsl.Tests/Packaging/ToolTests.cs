namespace MetaDsl.Tests.Packaging;

/// <summary><c>metadsl</c> as a user installs it: <c>dotnet pack</c>, then <c>dotnet tool install</c> from the packed feed.</summary>
public class ToolTests
{
    [Fact]
    public void ThePackedToolInstallsAndRunsAsMetadsl()
    {
        var root = DotnetProcess.RepoRoot();
        var work = Directory.CreateTempSubdirectory("metadsl-tool-").FullName;
        try
        {
            // A unique version keeps NuGet's global cache from serving an older build of the tool.
            var version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
            var feed = Path.Combine(work, "feed");
            DotnetProcess.Run("dotnet", ["pack", Path.Combine(root, "src", "MetaDsl.Cli"), "-c", "Release", "-o", feed, $"-p:Version={version}", "-nologo"], root);
            var tools = Path.Combine(work, "tools");
            DotnetProcess.Run("dotnet", ["tool", "install", "MetaDsl.Cli", "--tool-path", tools, "--add-source", feed, "--version", version], work);
            string metadsl = Path.Combine(tools, OperatingSystem.IsWindows() ? "metadsl.exe" : "metadsl");

            var help = DotnetProcess.Run(metadsl, ["train", "sine", "--help"], work);
            Assert.Contains("metadsl train sine [options]", help);
            var error = DotnetProcess.Run(metadsl, ["evaluate", "missing.safetensors"], work, expectedExitCode: 2);
            Assert.Contains("error: Checkpoint 'missing.safetensors' does not exist.", error);
            Assert.DoesNotContain("\u001b[", help + error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
