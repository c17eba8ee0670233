using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("MetaDsl.Generators.Tests")]
[assembly: InternalsVisibleTo("MetaDsl.Benchmarks")]
