using MetaDsl.Evolution;
using Xunit;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Evolution;

/// <summary>ES and PES against the closed-form full-horizon gradient of <see cref="QuadraticStepSizes{T}"/>.</summary>
public sealed class EvolutionStrategiesTests(ITestOutputHelper output)
{
    private const int Horizon = 20;
    private const int Truncation = 5;
    private static readonly double[] s_phi = [Math.Log(0.3), Math.Log(0.25), Math.Log(0.2), Math.Log(0.15)];

    private static QuadraticStepSizes<double> Problem() => new([0.5, 1.0, 1.5, 2.0], [1.0, -0.8, 0.6, 1.2], Horizon);

    private static double[] Exact()
    {
        var exact = new double[s_phi.Length];
        Problem().ExactGradient(s_phi, exact);
        return exact;
    }

    /// <summary>The estimates of every truncation of one inner problem, summed: what PES makes unbiased.</summary>
    private static double[] OverOneProblem(EvolutionOptions options)
    {
        var es = new EvolutionStrategies<double>(Problem(), options);
        var sum = new double[s_phi.Length];
        var gradient = new double[s_phi.Length];
        for (int t = 0; t < Horizon / Truncation; t++)
        {
            es.Estimate(s_phi, gradient);
            for (int i = 0; i < sum.Length; i++) sum[i] += gradient[i];
        }
        Assert.Equal(options.Pairs, es.CompletedProblems);
        return sum;
    }

    private static double RelativeError(double[] estimate, double[] exact)
    {
        double err = 0, norm = 0;
        for (int i = 0; i < exact.Length; i++)
        {
            err += (estimate[i] - exact[i]) * (estimate[i] - exact[i]);
            norm += exact[i] * exact[i];
        }
        return Math.Sqrt(err / norm);
    }

    private static double Cosine(double[] a, double[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.Sqrt(aa * bb);
    }

    private static EvolutionOptions Options(int pairs, EvolutionEstimator estimator, ulong seed = 1) => new()
    {
        Pairs = pairs,
        Sigma = 1e-3,
        TruncationLength = Truncation,
        Estimator = estimator,
        Seed = seed,
    };

    [Fact]
    public void ExactGradientMatchesFiniteDifferencesOfTheObjective()
    {
        var problem = Problem();
        var exact = Exact();
        for (int j = 0; j < s_phi.Length; j++)
        {
            double h = 1e-6;
            var plus = (double[])s_phi.Clone();
            var minus = (double[])s_phi.Clone();
            plus[j] += h;
            minus[j] -= h;
            double fd = (problem.Objective(plus) - problem.Objective(minus)) / (2 * h);
            Assert.True(Math.Abs(fd - exact[j]) <= 1e-7 * Math.Abs(exact[j]), $"phi[{j}]: finite difference {fd}, closed form {exact[j]}");
        }
    }

    /// <summary>Bias and spread of the summed estimate over 8 seeds, relative to the exact gradient's norm.</summary>
    private (double Bias, double Spread) Measure(EvolutionEstimator estimator, int pairs)
    {
        var exact = Exact();
        var runs = Enumerable.Range(1, 8).Select(seed => OverOneProblem(Options(pairs, estimator, (ulong)seed))).ToList();
        var mean = Enumerable.Range(0, exact.Length).Select(i => runs.Average(r => r[i])).ToArray();
        double spread = Math.Sqrt(runs.Average(r => Sq(r.Zip(mean, (a, b) => a - b).ToArray())) / Sq(exact));
        double bias = RelativeError(mean, exact);
        output.WriteLine($"{estimator}, {pairs} pairs: bias {bias:F4}, spread {spread:F4} (relative to |exact gradient|)");
        return (bias, spread);
    }

    [Fact]
    public void PersistentEsIsUnbiasedOverTruncationsAndTruncatedEsIsNot()
    {
        var pes = Measure(EvolutionEstimator.Persistent, 4096);
        var es = Measure(EvolutionEstimator.Truncated, 4096);
        // The mean of 8 runs has a spread of about spread / sqrt(8): PES's bias is within it, truncated ES's far outside.
        Assert.True(pes.Bias < 3 * pes.Spread / Math.Sqrt(8) + 0.005, $"PES bias {pes.Bias} with spread {pes.Spread}");
        Assert.True(es.Bias > 0.08, $"truncated ES should miss the cross-truncation terms, bias {es.Bias}");
    }

    [Fact]
    public void SpreadFallsAsOneOverSquareRootOfThePopulation()
    {
        var small = Measure(EvolutionEstimator.Persistent, 8);
        var large = Measure(EvolutionEstimator.Persistent, 512);
        // 64 times the pairs: one eighth of the spread in expectation.
        Assert.InRange(large.Spread / small.Spread, 0.06, 0.25);
    }

    [Fact]
    public void TheEstimateIsTheSameForAnyThreadCount()
    {
        // 7 pairs over 6 estimates: uneven partitions, and problems restarting after 4 truncations.
        double[] Run(int threads, ulong seed)
        {
            var options = Options(7, EvolutionEstimator.Persistent, seed) with { Threads = threads, Shaping = FitnessShaping.CenteredRanks };
            var es = new EvolutionStrategies<double>(Problem(), options);
            var all = new List<double>();
            var gradient = new double[s_phi.Length];
            for (int t = 0; t < 6; t++)
            {
                all.Add(es.Estimate(s_phi, gradient));
                all.AddRange(gradient);
            }
            return all.ToArray();
        }

        var one = Run(1, seed: 1);
        Assert.Equal(one, Run(2, seed: 1));
        Assert.Equal(one, Run(3, seed: 1));
        Assert.NotEqual(one, Run(2, seed: 2));
    }

    [Theory]
    [InlineData(EvolutionEstimator.Persistent)]
    [InlineData(EvolutionEstimator.Truncated)]
    public void AnEstimatorRestoredFromACapturedStateGoesOnAsTheUninterruptedOne(EvolutionEstimator estimator)
    {
        // Captured mid-problem (after 6 of every problem's 4 truncations), so steps, episodes and PES's credit all carry.
        var options = Options(3, estimator) with { Threads = 2 };
        var gradient = new double[s_phi.Length];
        var uninterrupted = new EvolutionStrategies<double>(Problem(), options);
        for (int t = 0; t < 6; t++) uninterrupted.Estimate(s_phi, gradient);
        var state = uninterrupted.CaptureState();
        var expected = new List<double>();
        for (int t = 0; t < 5; t++)
        {
            expected.Add(uninterrupted.Estimate(s_phi, gradient));
            expected.AddRange(gradient);
        }

        var resumed = new EvolutionStrategies<double>(Problem(), options with { Threads = 1 });
        resumed.RestoreState(state);
        var actual = new List<double>();
        for (int t = 0; t < 5; t++)
        {
            actual.Add(resumed.Estimate(s_phi, gradient));
            actual.AddRange(gradient);
        }
        Assert.Equal(expected, actual);
        Assert.Equal(uninterrupted.Estimates, resumed.Estimates);
        Assert.Equal(uninterrupted.CompletedProblems, resumed.CompletedProblems);

        // A fresh estimator differs from the first estimate on, so the test sees the state.
        var fresh = new EvolutionStrategies<double>(Problem(), options);
        fresh.Estimate(s_phi, gradient);
        Assert.NotEqual(expected.Skip(1).Take(s_phi.Length), gradient);

        var error = Assert.Throws<ArgumentException>(() => new EvolutionStrategies<double>(Problem(), options with { Pairs = 2 }).RestoreState(state));
        Assert.Contains("3 units' steps for 2 units", error.Message);
    }

    [Fact]
    public void CenteredRanksPointAlongTheGradient()
    {
        // One truncation is the whole problem, so the ranks see every effect of the perturbation.
        var problem = new QuadraticStepSizes<double>([0.5, 1.0, 1.5, 2.0], [1.0, -0.8, 0.6, 1.2], Truncation);
        var exact = new double[s_phi.Length];
        problem.ExactGradient(s_phi, exact);
        var options = Options(1024, EvolutionEstimator.Truncated) with { Shaping = FitnessShaping.CenteredRanks };
        var estimate = new double[s_phi.Length];
        new EvolutionStrategies<double>(problem, options).Estimate(s_phi, estimate);
        double cosine = Cosine(estimate, exact);
        output.WriteLine($"cosine with the exact gradient: {cosine:F4}");
        Assert.True(cosine > 0.95, $"cosine {cosine}");
    }

    [Fact]
    public void ANonFiniteLossNamesTheParticleAndItsSteps()
    {
        var diverging = new QuadraticStepSizes<double>([1e200], [1e200], Horizon);
        var es = new EvolutionStrategies<double>(diverging, Options(2, EvolutionEstimator.Persistent));
        var error = Assert.Throws<InvalidOperationException>(() => es.Estimate([0.0], new double[1]));
        Assert.Contains("Particle 0", error.Message);
        Assert.Contains("inner steps 1–5", error.Message);
    }

    [Fact]
    public void MisSizedSpansAndOptionsAreRefusedByName()
    {
        var es = new EvolutionStrategies<double>(Problem(), Options(2, EvolutionEstimator.Truncated));
        Assert.Contains("phi", Assert.Throws<ArgumentException>(() => es.Estimate(new double[3], new double[4])).Message);
        Assert.Contains("gradient", Assert.Throws<ArgumentException>(() => es.Estimate(new double[4], new double[5])).Message);
        Assert.Equal("Sigma", Assert.Throws<ArgumentOutOfRangeException>(() => new EvolutionStrategies<double>(Problem(), new EvolutionOptions { Sigma = 0 })).ParamName);
        Assert.Equal("Pairs", Assert.Throws<ArgumentOutOfRangeException>(() => new EvolutionStrategies<double>(Problem(), new EvolutionOptions { Pairs = 0 })).ParamName);
    }

    private static double Sq(double[] v) => v.Sum(x => x * x);
}
