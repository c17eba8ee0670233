using System.IO.Compression;

namespace MetaDsl.Tests.Packaging;

/// <summary>
/// The path a user takes: <c>dotnet pack</c>, then a fresh console app that adds the package from a
/// local folder, declares its own learner and runs the generated members with no other setup.
/// </summary>
public class PackageTests
{
    private const string LearnerSource = """
        using MetaDsl;
        using static MetaDsl.Ops;

        var theta = new double[Line.Info.ParameterCount];
        Line.Initialize<double>(theta, 1);
        var x = new double[] { -2, -1, 0, 1, 2 };
        var y = x.Select(v => 3 * v + 1).ToArray();
        var batch = new Batch<double>(new Tensor<double>(x, 5, 1), new Tensor<double>(y, 5, 1));
        var g = new double[theta.Length];
        double first = Line.Loss<double>(theta, batch);
        for (int step = 0; step < 200; step++)
        {
            Line.Gradient<double>(theta, batch, g);
            for (int i = 0; i < theta.Length; i++) theta[i] -= 0.1 * g[i];
        }
        double last = Line.Loss<double>(theta, batch);
        Console.WriteLine($"loss {first:F4} -> {last:F6}; w = {theta[0]:F3}, b = {theta[1]:F3}");
        Console.WriteLine(last < 1e-6 && Math.Abs(theta[0] - 3) < 1e-3 ? "PACKAGE-OK" : "PACKAGE-FAILED");

        [Learner]
        public partial class Line
        {
            [Param(1, 1)] public Tensor W = null!;
            [Param(1)] public Tensor B = null!;

            [Loss]
            public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Linear(x, W, B), y);
        }
        """;

    [Fact]
    public void PackedLibraryWorksInAFreshConsoleApp()
    {
        var root = DotnetProcess.RepoRoot();
        var work = Directory.CreateTempSubdirectory("metadsl-package-").FullName;
        try
        {
            // A unique version keeps NuGet's global cache from serving an older build of the package.
            var version = "0.1.0-test" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff");
            var feed = Path.Combine(work, "feed");
            DotnetProcess.Run("dotnet", ["pack", Path.Combine(root, "src", "MetaDsl"), "-c", "Release", "-o", feed, $"-p:Version={version}", "-nologo"], root);

            var package = Path.Combine(feed, $"MetaDsl.{version}.nupkg");
            using (var zip = ZipFile.OpenRead(package))
            {
                var entries = zip.Entries.Select(e => e.FullName).ToList();
                Assert.Contains("lib/net10.0/MetaDsl.dll", entries);
                Assert.Contains("lib/net10.0/MetaDsl.Kernels.dll", entries);
                Assert.Contains("analyzers/dotnet/cs/MetaDsl.Generators.dll", entries);
            }

            var app = Path.Combine(work, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="local" value="{feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="MetaDsl" Version="{version}" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Program.cs"), LearnerSource);
            var output = DotnetProcess.Run("dotnet", ["run", "--project", app, "-nologo"], app);
            Assert.Contains("PACKAGE-OK", output);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
