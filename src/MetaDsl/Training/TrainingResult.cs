namespace MetaDsl.Training;

/// <summary>The outcome of a training run.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class TrainingResult<T> where T : unmanaged
{
    /// <summary>Records a run.</summary>
    public TrainingResult(T[] parameters, double[] losses, bool cancelled)
    {
        Parameters = parameters;
        Losses = losses;
        Cancelled = cancelled;
    }

    /// <summary>The final meta-parameters.</summary>
    public T[] Parameters { get; }

    /// <summary>The meta-loss of each outer step taken, in order (the meta-loss curve).</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>Outer steps taken.</summary>
    public int Steps => Losses.Count;

    /// <summary>True when cancellation stopped the run before its planned steps.</summary>
    public bool Cancelled { get; }
}
