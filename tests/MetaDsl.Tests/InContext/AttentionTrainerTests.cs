using MetaDsl.InContext;
using MetaDsl.Learners;

namespace MetaDsl.Tests.InContext;

/// <summary>Meta-training linear self-attention by Adam on fresh regression tasks, at toy sizes.</summary>
public sealed class AttentionTrainerTests
{
    private static RegressionTaskSet<float> HeldOut(int count)
    {
        var tasks = new RegressionTaskSet<float>(count, 32);
        var rng = new SplitMix64(777);
        tasks.Sample(ref rng);
        return tasks;
    }

    [Fact]
    public void AFewHundredStepsBeatPredictingZeroAndApproachOneGradientStep()
    {
        var heldOut = HeldOut(500);
        var trainer = new AttentionTrainer<LinearSelfAttention1, float>(metaBatch: 256, chunkSize: 32, learningRate: 3e-3, threads: 2, seed: 0);
        var before = AttentionOutputs.Of<LinearSelfAttention1, float>(trainer.Theta, heldOut).Mse(heldOut);

        for (int step = 0; step < 400; step++) trainer.Step();

        double trained = AttentionOutputs.Of<LinearSelfAttention1, float>(trainer.Theta, heldOut).Mse(heldOut);
        var (_, descent) = ContextGradientDescent.BestLearningRate(heldOut, 1, ContextGradientDescent.LogGrid(0.1, 10, 50));
        double zero = Enumerable.Range(0, heldOut.Count).Average(t => (double)heldOut.Target(t) * heldOut.Target(t));
        Assert.InRange(before, 0.9 * zero, 1.1 * zero);
        Assert.InRange(trained, 0, 0.7 * zero);
        Assert.InRange(trained, 0, 1.25 * descent);
    }

    [Fact]
    public void TheRunIsTheSameForAnyThreadCount()
    {
        var one = new AttentionTrainer<LinearSelfAttention2, float>(metaBatch: 100, chunkSize: 16, learningRate: 1e-3, threads: 1, seed: 5);
        var two = new AttentionTrainer<LinearSelfAttention2, float>(metaBatch: 100, chunkSize: 16, learningRate: 1e-3, threads: 2, seed: 5);

        for (int step = 0; step < 10; step++) Assert.Equal(one.Step(), two.Step());

        Assert.Equal(one.Theta, two.Theta);
    }

    [Fact]
    public void TheCosineDecayStopsTheWeightsAtItsLastStep()
    {
        var trainer = new AttentionTrainer<LinearSelfAttention1, float>(metaBatch: 32, chunkSize: 16, learningRate: 1e-2, threads: 1, seed: 3, decaySteps: 3);
        var start = (float[])trainer.Theta.Clone();

        for (int step = 0; step < 3; step++) trainer.Step();
        var decayed = (float[])trainer.Theta.Clone();
        for (int step = 0; step < 3; step++) trainer.Step();

        Assert.NotEqual(start, decayed);
        Assert.Equal(decayed, trainer.Theta);
    }

    [Fact]
    public void AWarmStepAllocatesNothing()
    {
        var trainer = new AttentionTrainer<LinearSelfAttention3, float>(metaBatch: 64, chunkSize: 16, learningRate: 1e-3, threads: 1, seed: 2, clip: 10, decaySteps: 100);
        trainer.Step();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 5; step++) trainer.Step();

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
