namespace MetaDsl.Benchmarks.Gpu;

/// <summary>
/// A sinusoid meta-batch (Finn et al. 2017) packed as the MAML kernel reads it: amplitude U[0.1, 5],
/// phase U[0, pi], x U[-5, 5], y = amplitude · sin(x + phase); one input and one output per point.
/// </summary>
internal sealed class SinusoidBatch
{
    public SinusoidBatch(int tasks, int trainPoints, int validationPoints, int seed)
    {
        var random = new Random(seed);
        Tasks = tasks;
        XTrain = new float[tasks * trainPoints];
        YTrain = new float[tasks * trainPoints];
        XValidation = new float[tasks * validationPoints];
        YValidation = new float[tasks * validationPoints];
        for (var t = 0; t < tasks; t++)
        {
            var amplitude = 0.1 + 4.9 * random.NextDouble();
            var phase = Math.PI * random.NextDouble();
            Fill(XTrain, YTrain, t * trainPoints, trainPoints);
            Fill(XValidation, YValidation, t * validationPoints, validationPoints);

            void Fill(float[] x, float[] y, int first, int count)
            {
                for (var p = first; p < first + count; p++)
                {
                    x[p] = (float)(-5 + 10 * random.NextDouble());
                    y[p] = (float)(amplitude * Math.Sin(x[p] + phase));
                }
            }
        }
    }

    public int Tasks { get; }

    public float[] XTrain { get; }

    public float[] YTrain { get; }

    public float[] XValidation { get; }

    public float[] YValidation { get; }
}
