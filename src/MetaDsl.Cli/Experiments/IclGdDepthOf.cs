using System.Diagnostics;
using MetaDsl.Cli.Commands;
using MetaDsl.Cli.Output;
using MetaDsl.InContext;
using MetaDsl.Training;

namespace MetaDsl.Cli.Experiments;

/// <summary>An <see cref="IclGdDepth"/> whose learner is <typeparamref name="TLearner"/>.</summary>
/// <typeparam name="TLearner">A linear self-attention stack of <see cref="IclGdDepth.Layers"/> layers.</typeparam>
internal sealed class IclGdDepthOf<TLearner>(int layers) : IclGdDepth(layers) where TLearner : ILearner<TLearner>
{
    /// <summary>Learning rates gradient descent is tried at: 0.01 to 10, a hundred per decade, so the pick is within 2.3 % of the best.</summary>
    private static readonly double[] s_grid = ContextGradientDescent.LogGrid(0.01, 10, 100);

    /// <summary>GD++'s first, coarser rate grid per decade: each (rate, γ) pair runs the learner over the tuning tasks.</summary>
    private const int PlusPlusRatesPerDecade = 20;

    /// <summary>GD++'s coarse learning rates and its curvatures γ, 0 (plain GD) to 1.</summary>
    private static readonly double[] s_plusPlusRates = ContextGradientDescent.LogGrid(0.1, 10, PlusPlusRatesPerDecade);
    private static readonly double[] s_curvatures = Enumerable.Range(0, 11).Select(i => i / 10.0).ToArray();

    /// <inheritdoc/>
    public override string LearnerName => TLearner.Info.Name;

    /// <inheritdoc/>
    public override IclGdDepthResult? Run(IclGdSettings settings, int threads, RegressionTaskSet<float> heldOut, RegressionTaskSet<float> tuning, CliEnvironment environment)
    {
        var (rate, _) = ContextGradientDescent.BestLearningRate(tuning, Layers, s_grid);
        var descent = ContextGradientDescent.Outputs(heldOut, Layers, rate);
        var constructed = new float[TLearner.Info.ParameterCount];
        AttentionConstruction.Write<TLearner, float>(constructed, rate);
        var (plusRate, curvature) = TunePlusPlus(tuning);
        var plusPlus = new float[TLearner.Info.ParameterCount];
        AttentionConstruction.Write<TLearner, float>(plusPlus, plusRate, curvature);
        var plusPlusOutputs = AttentionOutputs.Of<TLearner, float>(plusPlus, heldOut);

        var trainer = new AttentionTrainer<TLearner, float>(settings.MetaBatch, IclGdRun.ChunkSize, settings.OuterLearningRate, threads, settings.Seed, settings.Clip, settings.Steps);
        var losses = new double[settings.Steps];
        var clock = Stopwatch.StartNew();
        bool stopped = ProgressView.Run(environment, $"{LearnerName} ({Layers} layer{(Layers == 1 ? "" : "s")})", settings.Steps,
            progress => trainer.Train(losses, progress, environment.Cancellation));
        if (stopped) return null;
        double seconds = clock.Elapsed.TotalSeconds;
        var trained = AttentionOutputs.Of<TLearner, float>(trainer.Theta, heldOut);

        return new IclGdDepthResult(Layers,
        [
            new IclGdRow("gd-best-lr", Layers, descent.Mse(heldOut), rate, null, null, null, null),
            Row("gd++-best", plusPlusOutputs, plusRate, curvature),
            Row("lsa-constructed", AttentionOutputs.Of<TLearner, float>(constructed, heldOut), rate, null),
            Row("lsa-trained", trained, null, null) with { PlusPlusAlignment = trained.AlignWith(plusPlusOutputs) },
        ], losses, seconds, TLearner.Info, trainer.Theta);

        IclGdRow Row(string method, QueryOutputs outputs, double? learningRate, double? gamma)
        {
            var alignment = outputs.AlignWith(descent);
            return new IclGdRow(method, Layers, outputs.Mse(heldOut), learningRate, gamma, alignment.PredictionCosine, alignment.SensitivityCosine, alignment.PredictionDifference);
        }
    }

    /// <summary>
    /// GD++'s (rate, γ) on <paramref name="tuning"/>: the best pair of the coarse grid, then the fine grid's
    /// rates within one coarse step at that γ, so that GD++ at γ = 0 is as well tuned as plain GD.
    /// </summary>
    private static (double Rate, double Curvature) TunePlusPlus(RegressionTaskSet<float> tuning)
    {
        var (coarseRate, curvature, _) = AttentionConstruction.BestPlusPlus<TLearner, float>(tuning, s_plusPlusRates, s_curvatures);
        double coarseStep = Math.Pow(10, 1.0 / PlusPlusRatesPerDecade);
        var near = s_grid.Where(r => r >= coarseRate / coarseStep && r <= coarseRate * coarseStep).ToArray();
        var (rate, _, _) = AttentionConstruction.BestPlusPlus<TLearner, float>(tuning, near, [curvature]);
        return (rate, curvature);
    }
}
