using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/MetaDsl.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(MetaDsl.Benchmarks.LearnerBenchmarks).Assembly).Run(args);
