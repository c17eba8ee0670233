using System.Numerics;
using MetaDsl.Tasks;

namespace MetaDsl.Kernels.Tests.Gpu;

/// <summary>
/// A small sinusoid meta-batch in both forms the tests compare: <see cref="MetaTask{T}"/>s for the
/// CPU path and task-major packed arrays for the device kernels, holding the same numbers.
/// </summary>
internal sealed class SinusoidTasks<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public SinusoidTasks(int tasks, int supportPoints, int queryPoints, int seed)
    {
        var random = new Random(seed);
        Xs = new T[tasks * supportPoints];
        Ys = new T[tasks * supportPoints];
        Xq = new T[tasks * queryPoints];
        Yq = new T[tasks * queryPoints];
        var list = new MetaTask<T>[tasks];
        for (int t = 0; t < tasks; t++)
        {
            double amplitude = 0.1 + 4.9 * random.NextDouble(), phase = Math.PI * random.NextDouble();
            var support = Fill(Xs, Ys, t, supportPoints);
            var query = Fill(Xq, Yq, t, queryPoints);
            list[t] = new MetaTask<T>(support, query);

            Batch<T> Fill(T[] x, T[] y, int task, int points)
            {
                var bx = new T[points];
                var by = new T[points];
                for (int p = 0; p < points; p++)
                {
                    double value = -5 + 10 * random.NextDouble();
                    bx[p] = x[task * points + p] = T.CreateChecked(value);
                    by[p] = y[task * points + p] = T.CreateChecked(amplitude * Math.Sin(value + phase));
                }
                return new Batch<T>(new Tensor<T>(bx, points, 1), new Tensor<T>(by, points, 1));
            }
        }
        Tasks = list;
    }

    public IReadOnlyList<MetaTask<T>> Tasks { get; }

    public T[] Xs { get; }

    public T[] Ys { get; }

    public T[] Xq { get; }

    public T[] Yq { get; }

    /// <summary>Parameters drawn uniformly from ±0.5, large enough that every layer's curvature shows in H.</summary>
    public static T[] Theta(int count, int seed)
    {
        var random = new Random(seed);
        var theta = new T[count];
        for (int i = 0; i < count; i++) theta[i] = T.CreateChecked(random.NextDouble() - 0.5);
        return theta;
    }
}
