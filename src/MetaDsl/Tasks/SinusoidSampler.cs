using System.Numerics;

namespace MetaDsl.Tasks;

/// <summary>
/// Sinusoid regression (Finn et al. 2017): each task is y = A sin(x − φ) with amplitude
/// A ~ U[0.1, 5], phase φ ~ U[0, π] and inputs x ~ U[−5, 5]. Batches are (x [n, 1], y [n, 1]).
/// </summary>
public sealed class SinusoidSampler<T> : ITaskSampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The smallest amplitude drawn.</summary>
    public const double MinAmplitude = 0.1;

    /// <summary>The largest amplitude drawn.</summary>
    public const double MaxAmplitude = 5.0;

    /// <summary>The largest phase drawn (the smallest is 0).</summary>
    public const double MaxPhase = Math.PI;

    /// <summary>The bound of the input range [−5, 5].</summary>
    public const double InputBound = 5.0;

    /// <summary>Creates a sampler with <paramref name="supportShots"/> support and <paramref name="queryShots"/> query points per task.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is less than 1.</exception>
    public SinusoidSampler(int supportShots, int queryShots)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(supportShots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(queryShots, 1);
        SupportShots = supportShots;
        QueryShots = queryShots;
    }

    /// <summary>Points in the support batch.</summary>
    public int SupportShots { get; }

    /// <summary>Points in the query batch.</summary>
    public int QueryShots { get; }

    /// <summary>
    /// The amplitude of the task drawn last by <see cref="Sample"/> (for plotting the true curve).
    /// When several threads share the sampler it belongs to whichever draw finished last.
    /// </summary>
    public double LastAmplitude { get; private set; }

    /// <summary>The phase of the task drawn last by <see cref="Sample"/>; see <see cref="LastAmplitude"/>.</summary>
    public double LastPhase { get; private set; }

    /// <summary>The true curve of a task: A sin(x − φ).</summary>
    public static double Evaluate(double amplitude, double phase, double x) => amplitude * Math.Sin(x - phase);

    /// <inheritdoc/>
    public MetaTask<T> Allocate() => new(
        new Batch<T>(new Tensor<T>(new T[SupportShots], SupportShots, 1), new Tensor<T>(new T[SupportShots], SupportShots, 1)),
        new Batch<T>(new Tensor<T>(new T[QueryShots], QueryShots, 1), new Tensor<T>(new T[QueryShots], QueryShots, 1)));

    /// <inheritdoc/>
    public void Sample(ref SplitMix64 rng, MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        TaskShape.Check(task.Support, "support", [SupportShots, 1], [SupportShots, 1]);
        TaskShape.Check(task.Query, "query", [QueryShots, 1], [QueryShots, 1]);
        double amplitude = rng.NextDouble(MinAmplitude, MaxAmplitude);
        double phase = rng.NextDouble(0, MaxPhase);
        Fill(ref rng, task.Support, amplitude, phase);
        Fill(ref rng, task.Query, amplitude, phase);
        LastAmplitude = amplitude;
        LastPhase = phase;
    }

    private static void Fill(ref SplitMix64 rng, Batch<T> batch, double amplitude, double phase)
    {
        var x = batch[0].Data;
        var y = batch[1].Data;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = rng.NextDouble(-InputBound, InputBound);
            x[i] = T.CreateChecked(xi);
            y[i] = T.CreateChecked(Evaluate(amplitude, phase, xi));
        }
    }
}
