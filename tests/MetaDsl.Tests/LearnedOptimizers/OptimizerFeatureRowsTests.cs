using MetaDsl.LearnedOptimizers;
using Xunit;

namespace MetaDsl.Tests.LearnedOptimizers;

/// <summary>
/// Float features, which run eight parameters at a time where the CPU has AVX, equal bit for bit the
/// formulas applied one parameter at a time, in tensors that are and are not whole multiples of eight.
/// </summary>
public sealed class OptimizerFeatureRowsTests
{
    [Theory]
    [InlineData(OptimizerFeatures.TimeCount)]
    [InlineData(OptimizerFeatures.TemporalTimeCount)]
    public void FloatRowsEqualTheOneAtATimeFormulas(int timeColumns)
    {
        const int columns = OptimizerFeatures.Count;
        int[] ends = [3, 19, 35, 37, 61];
        int n = ends[^1];
        var rng = new Random(5);
        var theta = new float[n];
        var state = new float[OptimizerFeatures.StateLength(n)];
        var expectedState = new float[state.Length];
        var features = new float[n * columns];
        var expected = new float[n * columns];
        var time = new float[timeColumns];
        var expectedTime = new float[timeColumns];
        for (int step = 1; step <= 3; step++)
        {
            var gradient = new float[n];
            for (int i = 0; i < n; i++)
            {
                theta[i] = (float)(rng.NextDouble() * 4 - 2);
                gradient[i] = (float)((rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 3)));
            }
            gradient[7] = 0;
            OptimizerFeatures.Write<float>(theta, gradient, state, ends, 0.3 * step, features, time);
            Reference(theta, gradient, expectedState, ends, 0.3 * step, expected, expectedTime);
            Assert.Equal(expectedState, state);
            Assert.Equal(expectedTime, time);
            for (int k = 0; k < expected.Length; k++)
                Assert.True(BitConverter.SingleToInt32Bits(expected[k]) == BitConverter.SingleToInt32Bits(features[k]),
                    $"step {step}, parameter {k / columns}, column {k % columns}: {features[k]}, one at a time {expected[k]}");
        }
    }

    private static void Reference(float[] theta, float[] gradient, float[] state, int[] ends, double fraction, float[] features, float[] time)
    {
        const int columns = OptimizerFeatures.Count;
        int n = theta.Length;
        state[^1] += 1;
        float step = state[^1];
        float beta2 = 0.999f;
        for (int i = 0; i < n; i++)
        {
            float g = gradient[i];
            state[3 * n + i] = beta2 * state[3 * n + i] + (1f - beta2) * g * g;
            float inverseRms = 1f / MathF.Sqrt(state[3 * n + i] + 1e-8f);
            var row = features.AsSpan(i * columns, columns);
            row[0] = theta[i];
            row[1] = g;
            row[5] = g * inverseRms;
            for (int k = 0; k < 3; k++)
            {
                float beta = (float)OptimizerFeatures.Decays[k];
                state[k * n + i] = beta * state[k * n + i] + (1f - beta) * g;
                row[2 + k] = state[k * n + i];
                row[6 + k] = state[k * n + i] * inverseRms;
            }
        }
        for (int e = 0; e < 9; e++) time[e] = (float)Math.Tanh(step / OptimizerFeatures.Timescales[e]);
        if (time.Length == OptimizerFeatures.TemporalTimeCount) time[9] = (float)fraction;
        int start = 0;
        foreach (int end in ends)
        {
            for (int c = 0; c < 9; c++)
            {
                float sum = 0;
                for (int i = start; i < end; i++) sum += features[i * columns + c] * features[i * columns + c];
                float scale = 1f / MathF.Sqrt(sum / (end - start) + 1e-18f);
                for (int i = start; i < end; i++) features[i * columns + c] *= scale;
            }
            start = end;
        }
    }
}
