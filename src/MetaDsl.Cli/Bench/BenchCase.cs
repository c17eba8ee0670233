namespace MetaDsl.Cli.Bench;

/// <summary>One benchmark case: how to build its step, and the floating-point work one step does.</summary>
/// <param name="Name">The case's stable name, e.g. <c>sine-maml-so-5</c>.</param>
/// <param name="Description">What one step does.</param>
/// <param name="FlopsPerStep">Floating-point operations of one step, by the convention <see cref="SineBenchCases"/> states.</param>
/// <param name="Threaded">True when the step splits its work over threads (run at 1 and at N threads).</param>
/// <param name="Prepare">Allocates everything for a given thread count and returns one step; the step itself allocates nothing.</param>
public sealed record BenchCase(string Name, string Description, double FlopsPerStep, bool Threaded, Func<int, Action> Prepare);
