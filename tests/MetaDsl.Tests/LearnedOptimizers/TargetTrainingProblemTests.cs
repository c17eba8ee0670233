using MetaDsl.Evolution;
using MetaDsl.LearnedOptimizers;
using MetaDsl.Learners;
using MetaDsl.Optimizers;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using Xunit;
using Xunit.Abstractions;

namespace MetaDsl.Tests.LearnedOptimizers;

/// <summary>The inner problem that meta-trains a learned optimizer: a target trained on a sinusoid task.</summary>
public sealed class TargetTrainingProblemTests(ITestOutputHelper output)
{
    private const int Horizon = 40;
    private const double LearningRate = 0.01;

    private static TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double> Problem(double learningRate = LearningRate)
        => new(() => new SinusoidSampler<double>(10, 10), Horizon, learningRate, lossCap: 100);

    private static double[] InitialPhi()
    {
        var phi = new double[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<double>(phi, seed: 5);
        return phi;
    }

    [Fact]
    public void AnUnrollTrainsTheTargetExactlyAsTheLearnedOptimizerDoes()
    {
        var phi = InitialPhi();
        using var problem = Problem();
        var state = new double[problem.StateLength];
        const ulong seed = 0x1234_5678_9ABC_DEF0;
        problem.Reset(state, seed);
        double unrolled = problem.Unroll(phi, state, 7);

        var sampler = new SinusoidSampler<double>(10, 10);
        var task = sampler.Allocate();
        var rng = new SplitMix64(seed);
        sampler.Sample(ref rng, task);
        var theta = new double[TinySineNet.Info.ParameterCount];
        TinySineNet.Initialize<double>(theta, unchecked((int)(seed ^ (seed >> 32))));
        var optimizer = new LearnedOptimizer<MlpLearnedOptimizer, double>(phi, TinySineNet.Info, learningRate: LearningRate);
        var gradient = new double[theta.Length];
        double losses = 0;
        for (int s = 0; s < 7; s++)
        {
            losses += TinySineNet.Gradient<double>(theta, task.Support, gradient);
            optimizer.Step(theta, gradient);
        }

        Assert.Equal(losses, unrolled);
        Assert.Equal(theta, problem.Theta(state).ToArray());
        Assert.Equal(TinySineNet.Loss<double>(theta, task.Support), problem.Loss(state));
    }

    [Fact]
    public void AParticlesStateAloneSaysWhereItIs()
    {
        var phi = InitialPhi();
        using var problem = Problem();
        double[] NewState(ulong seed)
        {
            var s = new double[problem.StateLength];
            problem.Reset(s, seed);
            return s;
        }

        var whole = NewState(7);
        double wholeLoss = problem.Unroll(phi, whole, 9);
        var split = NewState(7);
        var other = NewState(8);
        double splitLoss = problem.Unroll(phi, split, 4);
        problem.Unroll(phi, other, 5);
        splitLoss += problem.Unroll(phi, split, 5);

        Assert.Equal(whole, split);
        Assert.Equal(wholeLoss, splitLoss, 1e-12);
        Assert.NotEqual(whole, other);
    }

    [Fact]
    public void ADivergingCandidateScoresTheCapInsteadOfEndingTheEstimate()
    {
        var phi = InitialPhi();
        var b3 = MlpLearnedOptimizer.Info["B3"];
        // A direction of -1e6 on every parameter: the target's weights grow until its loss overflows.
        phi[b3.Offset] = -1e6;
        phi[b3.Offset + 1] = 1e5;
        using var problem = Problem();
        var state = new double[problem.StateLength];
        problem.Reset(state, 3);
        double total = problem.Unroll(phi, state, 20);
        Assert.True(double.IsFinite(total));
        Assert.True(total > 19 * 100 - 1e-9, $"the capped total was {total}");
        Assert.Equal(100, problem.Loss(state));
    }

    [Fact]
    public void PersistentEsMetaTrainingLowersTheFinalLossOnHeldOutTasks()
    {
        var phi = InitialPhi();
        using var problem = Problem();
        double before = HeldOutFinalLoss(problem, phi);
        var es = new EvolutionStrategies<double>(problem, new EvolutionOptions
        {
            Pairs = 8, Sigma = 0.05, TruncationLength = 10, Estimator = EvolutionEstimator.Persistent,
            Shaping = FitnessShaping.CenteredRanks, Seed = 11,
        });
        var adam = new Adam<double>(phi.Length, 0.01);
        var gradient = new double[phi.Length];
        for (int estimate = 0; estimate < 80; estimate++)
        {
            es.Estimate(phi, gradient);
            adam.Step(phi, gradient);
        }
        double after = HeldOutFinalLoss(problem, phi);
        output.WriteLine($"mean final support loss on 16 held-out tasks after {Horizon} steps: {before:F4} with the initial optimizer, {after:F4} after 80 PES estimates");
        Assert.True(after < 0.8 * before, $"meta-training left the held-out loss at {after} (from {before})");
    }

    [Fact]
    public void ALogLossProblemCountsTheLogarithmOfEachCappedLoss()
    {
        var phi = InitialPhi();
        using var plain = Problem();
        using var logged = new TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double>(() => new SinusoidSampler<double>(10, 10), Horizon, LearningRate, lossCap: 100, logLoss: true);
        var a = new double[plain.StateLength];
        var b = new double[logged.StateLength];
        plain.Reset(a, 5);
        logged.Reset(b, 5);
        double sumOfLogs = 0;
        for (int s = 0; s < 6; s++)
        {
            sumOfLogs += Math.Log(plain.Unroll(phi, a, 1));
            logged.Unroll(phi, b, 1);
        }
        plain.Reset(a, 5);
        logged.Reset(b, 5);

        Assert.Equal(sumOfLogs, logged.Unroll(phi, b, 6), 1e-12);
        plain.Unroll(phi, a, 6);
        Assert.Equal(Math.Log(plain.Loss(a)), logged.Loss(b), 1e-12);
    }

    [Fact]
    public void AWarmSingleThreadedEstimateAllocatesNothing()
    {
        // SineTarget's 1,761 parameters make the optimizer network's layers large enough for the packed GEMM.
        using var problem = new TargetTrainingProblem<SineTarget, MlpLearnedOptimizer, float>(() => new SinusoidSampler<float>(50, 50), 20, 0.01, 50, logLoss: true);
        var es = new EvolutionStrategies<float>(problem, new EvolutionOptions { Pairs = 2, TruncationLength = 5, Threads = 1 });
        var phi = new float[MlpLearnedOptimizer.Info.ParameterCount];
        MlpLearnedOptimizer.Initialize<float>(phi, seed: 1);
        var gradient = new float[phi.Length];
        for (int i = 0; i < 4; i++) es.Estimate(phi, gradient);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 4; i++) es.Estimate(phi, gradient);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>The mean support loss after a full training run, over tasks whose seeds no estimate draws.</summary>
    private static double HeldOutFinalLoss(TargetTrainingProblem<TinySineNet, MlpLearnedOptimizer, double> problem, double[] phi)
    {
        var state = new double[problem.StateLength];
        double sum = 0;
        for (int task = 0; task < 16; task++)
        {
            problem.Reset(state, 0xF00D_0000UL + (ulong)task);
            problem.Unroll(phi, state, Horizon);
            sum += problem.Loss(state);
        }
        return sum / 16;
    }
}
