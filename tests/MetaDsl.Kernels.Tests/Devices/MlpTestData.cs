using MetaDsl.Kernels.Cuda.Mlp;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>Reproducible parameters and sinusoid tasks (DESIGN.md §6) for MLP and MAML tests.</summary>
internal static class MlpTestData
{
    /// <summary>Uniform(-1/sqrt(in), 1/sqrt(in)) weights and small non-zero biases.</summary>
    public static double[] Theta(MlpShape shape, int seed)
    {
        var random = new Random(seed);
        var theta = new double[shape.ParameterCount];
        for (var l = 0; l < shape.LayerCount; l++)
        {
            var bound = 1 / Math.Sqrt(shape.LayerSizes[l]);
            var weights = shape.LayerSizes[l] * shape.LayerSizes[l + 1];
            for (var i = 0; i < weights; i++) theta[shape.WeightOffset(l) + i] = (2 * random.NextDouble() - 1) * bound;
            for (var j = 0; j < shape.LayerSizes[l + 1]; j++) theta[shape.BiasOffset(l) + j] = 0.1 * (2 * random.NextDouble() - 1);
        }
        return theta;
    }

    /// <summary>Uniform(-1, 1) values, e.g. a direction or input data.</summary>
    public static double[] Uniform(int length, int seed, double scale = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (2 * random.NextDouble() - 1) * scale)];
    }

    /// <summary>
    /// Tasks packed task-major: amplitude U[0.1, 5], phase U[0, pi], x U[-5, 5]; each of the
    /// shape's outputs gets the sine of the sum of the inputs (the sinusoid net has one of each).
    /// </summary>
    public static (double[] XTrain, double[] YTrain, double[] XVal, double[] YVal) SinusoidTasks(
        MlpShape shape, int tasks, int trainPoints, int valPoints, int seed)
    {
        var random = new Random(seed);
        var xTrain = new double[tasks * trainPoints * shape.InputSize];
        var yTrain = new double[tasks * trainPoints * shape.OutputSize];
        var xVal = new double[tasks * valPoints * shape.InputSize];
        var yVal = new double[tasks * valPoints * shape.OutputSize];
        for (var t = 0; t < tasks; t++)
        {
            var amplitude = 0.1 + 4.9 * random.NextDouble();
            var phase = Math.PI * random.NextDouble();
            Fill(xTrain, yTrain, t * trainPoints, trainPoints);
            Fill(xVal, yVal, t * valPoints, valPoints);

            void Fill(double[] x, double[] y, int firstPoint, int points)
            {
                for (var p = firstPoint; p < firstPoint + points; p++)
                {
                    var sum = 0.0;
                    for (var i = 0; i < shape.InputSize; i++) sum += x[p * shape.InputSize + i] = -5 + 10 * random.NextDouble();
                    for (var o = 0; o < shape.OutputSize; o++) y[p * shape.OutputSize + o] = amplitude * Math.Sin(sum + phase);
                }
            }
        }
        return (xTrain, yTrain, xVal, yVal);
    }

    public static float[] ToSingle(double[] values) => [.. values.Select(v => (float)v)];

    public static double[] ToDouble(float[] values) => [.. values.Select(v => (double)v)];

    /// <summary>‖actual − expected‖ / ‖expected‖.</summary>
    public static double RelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        double difference = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), double.Epsilon);
    }

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    public static double[] Step(ReadOnlySpan<double> theta, ReadOnlySpan<double> direction, double epsilon)
    {
        var result = theta.ToArray();
        for (var i = 0; i < result.Length; i++) result[i] += epsilon * direction[i];
        return result;
    }
}
