using MetaDsl.LearnedOptimizers;
using MetaDsl.Learners;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using Xunit;
using Xunit.Abstractions;

namespace MetaDsl.Tests.LearnedOptimizers;

/// <summary>The truncated-backprop meta-gradient of a learned optimizer, against finite differences in double.</summary>
public sealed class TruncatedBackpropTests(ITestOutputHelper output)
{
    private const int Truncation = 6;

    private static TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double> Problem(bool logLoss)
        => new(() => new SinusoidSampler<double>(10, 10), horizon: 40, learningRate: 0.05, lossCap: 100, logLoss);

    /// <summary>An optimizer whose steps are large enough to matter: the output layer scaled up from its small initializer.</summary>
    private static double[] Phi()
    {
        var phi = new double[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<double>(phi, seed: 8);
        var w3 = MlpLearnedOptimizer.Info["W3"];
        for (int i = w3.Offset; i < w3.Offset + w3.Size; i++) phi[i] *= 30;
        return phi;
    }

    /// <summary>
    /// A particle three steps into its problem, so momenta and the second moment are not zero. Its task is one
    /// where no ReLU of the network is within the finite differences' reach: from task 21 some unit's kink lies
    /// between h = 1e-7 and 1e-6 (differences agree to 1e-9 at 1e-7, not at 1e-6).
    /// </summary>
    private static double[] Start(TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double> problem, double[] phi)
    {
        var state = new double[problem.StateLength];
        problem.Reset(state, 22);
        problem.Unroll(phi, state, 3);
        return state;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheMetaGradientMatchesFiniteDifferencesOfTheTruncationsLoss(bool logLoss)
    {
        using var problem = Problem(logLoss);
        var phi = Phi();
        var start = Start(problem, phi);
        var gradient = new double[phi.Length];
        var advanced = (double[])start.Clone();
        double total = problem.TruncatedGradient(phi, advanced, Truncation, gradient);

        var unrolled = (double[])start.Clone();
        Assert.Equal(problem.Unroll(phi, unrolled, Truncation), total);
        Assert.Equal(unrolled, advanced);
        Assert.Contains(gradient, g => g != 0);

        var rng = new Random(4);
        double worst = 0;
        for (int direction = 0; direction < 4; direction++)
        {
            var delta = Enumerable.Range(0, phi.Length).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            double Objective(double h)
            {
                var shifted = phi.Zip(delta, (p, d) => p + h * d).ToArray();
                return problem.Unroll(shifted, (double[])start.Clone(), Truncation);
            }
            const double h = 1e-6;
            double numeric = (Objective(h) - Objective(-h)) / (2 * h);
            double exact = gradient.Zip(delta, (g, d) => g * d).Sum();
            double error = Math.Abs(numeric - exact) / Math.Max(1, Math.Abs(numeric));
            worst = Math.Max(worst, error);
            Assert.True(error <= 1e-6, $"direction {direction}: exact {exact}, finite differences {numeric}");
        }
        output.WriteLine($"log loss {logLoss}: worst relative error {worst:E2} over 4 directions");
    }

    [Fact]
    public void TheEstimatorIsTheSameForAnyThreadCountAndItsGradientIsTheParticlesMean()
    {
        var phi = Phi();
        double[] Run(int threads, int estimates)
        {
            using var problem = Problem(logLoss: true);
            var estimator = new TruncatedBackpropEstimator<TinySineNet, MlpLearnedOptimizer, double>(problem, particles: 5, truncation: 4, seed: 2, threads);
            var gradient = new double[phi.Length];
            for (int i = 0; i < estimates; i++) estimator.Estimate(phi, gradient);
            return gradient;
        }

        Assert.Equal(Run(1, 12), Run(3, 12));
        Assert.NotEqual(Run(1, 1), Run(1, 2));
    }

    [Fact]
    public void AnEstimatorRestoredFromACapturedStateGoesOnAsTheUninterruptedOne()
    {
        // 40-step problems in truncations of 7 restart after 6 estimates: captured after 5, steps and episodes both carry.
        var phi = Phi();
        using var problem = Problem(logLoss: true);
        var gradient = new double[phi.Length];
        var uninterrupted = new TruncatedBackpropEstimator<TinySineNet, MlpLearnedOptimizer, double>(problem, particles: 5, truncation: 7, seed: 2, threads: 2);
        for (int i = 0; i < 5; i++) uninterrupted.Estimate(phi, gradient);
        var state = uninterrupted.CaptureState();
        var expected = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            expected.Add(uninterrupted.Estimate(phi, gradient));
            expected.AddRange(gradient);
        }

        var resumed = new TruncatedBackpropEstimator<TinySineNet, MlpLearnedOptimizer, double>(problem, particles: 5, truncation: 7, seed: 2, threads: 1);
        resumed.RestoreState(state);
        var actual = new List<double>();
        for (int i = 0; i < 4; i++)
        {
            actual.Add(resumed.Estimate(phi, gradient));
            actual.AddRange(gradient);
        }
        Assert.Equal(expected, actual);
        Assert.Equal(9, resumed.Estimates);
        Assert.Equal(5, resumed.CompletedProblems);

        var other = new TruncatedBackpropEstimator<TinySineNet, MlpLearnedOptimizer, double>(problem, particles: 4, truncation: 7, seed: 2);
        var error = Assert.Throws<ArgumentException>(() => other.RestoreState(state));
        Assert.Contains("5 units' steps for 4 units", error.Message);
    }

    [Fact]
    public void DescendingTheEstimateLowersTheHeldOutLossOfATrainingRun()
    {
        // The fresh optimizer of the PES test, whose steps barely move the target: descent must learn to move it.
        var phi = new double[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<double>(phi, seed: 5);
        using var problem = new TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double>(() => new SinusoidSampler<double>(10, 10), 40, 0.01, 100, logLoss: true);
        double before = FinalLoss(phi);
        var estimator = new TruncatedBackpropEstimator<TinySineNet, MlpLearnedOptimizer, double>(problem, particles: 8, truncation: 10, seed: 5);
        var adam = new MetaDsl.Optimizers.Adam<double>(phi.Length, 3e-3);
        var gradient = new double[phi.Length];
        for (int i = 0; i < 60; i++)
        {
            estimator.Estimate(phi, gradient);
            adam.Step(phi, gradient);
        }
        double after = FinalLoss(phi);
        output.WriteLine($"mean final support loss on 16 held-out tasks: {before:F4} before, {after:F4} after 60 truncated-backprop estimates");
        Assert.True(after < 0.8 * before, $"from {before} to {after}");
    }

    /// <summary>The mean support loss after a full run of 40 steps, over tasks no estimate draws.</summary>
    private static double FinalLoss(double[] phi)
    {
        using var plain = new TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double>(() => new SinusoidSampler<double>(10, 10), 40, 0.01, 100);
        var state = new double[plain.StateLength];
        double sum = 0;
        for (int task = 0; task < 16; task++)
        {
            plain.Reset(state, 0xF00D_0000UL + (ulong)task);
            plain.Unroll(phi, state, 40);
            sum += plain.Loss(state);
        }
        return sum / 16;
    }

    [Fact]
    public void ACappedStepHasNoGradient()
    {
        var phi = Phi();
        using var problem = new TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double>(() => new SinusoidSampler<double>(10, 10), 40, 0.05, lossCap: 1e-9);
        var state = new double[problem.StateLength];
        problem.Reset(state, 22);
        var gradient = new double[phi.Length];
        problem.TruncatedGradient(phi, state, Truncation, gradient);
        Assert.All(gradient, g => Assert.Equal(0, g));
    }
}
