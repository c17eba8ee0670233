using MetaDsl.Evolution;
using MetaDsl.LearnedOptimizers;
using MetaDsl.Learners;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;

namespace MetaDsl.Cli.Bench;

/// <summary>
/// The learned-optimizer case: one PES estimate on <see cref="MlpLearnedOptimizer"/> (8 antithetic pairs,
/// each particle one truncation of 10 steps of <see cref="SineTarget"/> on 50 sinusoid points, log-loss
/// objective, horizon 100) and the Adam step on the optimizer, float, as <c>train lopt</c> runs it. FLOPs
/// count matrix products: per particle and step, the target's gradient on 50 rows and the optimizer
/// network's forward pass over the target's 1,761 parameters (its first layer over the 9 per-parameter
/// features; the shared row's product is one row per step, not counted).
/// </summary>
public static class LoptBenchCases
{
    /// <summary>Antithetic pairs per estimate.</summary>
    public const int Pairs = 8;

    /// <summary>Inner steps per estimate.</summary>
    public const int Truncation = 10;

    /// <summary>Steps of one target training run.</summary>
    public const int Horizon = 100;

    /// <summary>Sinusoid points the target trains on.</summary>
    public const int Points = 50;

    /// <summary>Matrix-product FLOPs of one inner step of one particle.</summary>
    public static double InnerStepFlops()
    {
        const int layers = 1 * 40 + 40 * 40 + 40 * 1;
        const int inputGradients = 40 * 40 + 40 * 1;
        const int optimizerLayers = OptimizerFeatures.Count * 32 + 32 * 32 + 32 * 2;
        return 2.0 * Points * (2 * layers + inputGradients) + 2.0 * SineTarget.Info.ParameterCount * optimizerLayers;
    }

    /// <summary>The case, threaded over the pairs.</summary>
    public static IReadOnlyList<BenchCase> All { get; } =
    [
        new BenchCase("lopt-pes-step", $"one PES estimate of MlpLearnedOptimizer: {2 * Pairs} particles × {Truncation} steps of SineTarget on {Points} points, then Adam",
            2 * Pairs * Truncation * InnerStepFlops(), Threaded: true, Prepare),
    ];

    private static Action Prepare(int threads)
    {
        var problem = new TargetTrainingProblem<SineTarget, MlpLearnedOptimizer, float>(() => new SinusoidSampler<float>(Points, Points), Horizon, 0.01, 50, logLoss: true);
        var es = new EvolutionStrategies<float>(problem, new EvolutionOptions
        {
            Pairs = Pairs, Sigma = 0.01, TruncationLength = Truncation, Estimator = EvolutionEstimator.Persistent, Seed = 3, Threads = threads,
        });
        var phi = new float[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<float>(phi, seed: 0);
        var gradient = new float[phi.Length];
        var adam = new Adam<float>(phi.Length, 1e-3f);
        return () =>
        {
            es.Estimate(phi, gradient);
            adam.Step(phi, gradient);
        };
    }
}
