namespace MetaDsl.Optimizers;

/// <summary>A first-order optimizer that updates a flat parameter vector in place, allocation-free.</summary>
public interface IOptimizer<T> where T : unmanaged
{
    /// <summary>The step size; settable so schedules can change it between steps.</summary>
    T LearningRate { get; set; }

    /// <summary>Moves <paramref name="theta"/> along <paramref name="gradient"/> (a descent step).</summary>
    void Step(Span<T> theta, ReadOnlySpan<T> gradient);
}
