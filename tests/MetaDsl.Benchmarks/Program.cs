using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/MetaDsl.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/MetaDsl.Benchmarks -- generator   (build-time figures)
if (args is ["generator"])
    MetaDsl.Benchmarks.Generator.GeneratorTimings.Run(Console.Out);
else
    BenchmarkSwitcher.FromAssembly(typeof(MetaDsl.Benchmarks.LearnerBenchmarks).Assembly).Run(args);
