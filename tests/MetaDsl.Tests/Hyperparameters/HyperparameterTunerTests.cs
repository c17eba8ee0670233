using MetaDsl.Hyperparameters;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Hyperparameters;

/// <summary>
/// The online tuner on a ridge that overfits: five features of which two matter, six noisy training rows. Tuning one
/// decay per weight must lower the validation loss below training with the decays held, for every hypergradient.
/// </summary>
public class HyperparameterTunerTests(ITestOutputHelper output)
{
    private const int HyperSteps = 150, InnerSteps = 10;
    private const double InnerLearningRate = 0.05;
    private static readonly MetaTask<double> s_data = Numerics.Task(21, inputs: 5, outputs: 1, support: 6, query: 200, target: (x, _) => 2 * x[0] - x[1]);

    [Theory]
    [InlineData(HypergradientMethod.Neumann)]
    [InlineData(HypergradientMethod.ConjugateGradient)]
    [InlineData(HypergradientMethod.Unrolled)]
    public void TuningTheDecaysLowersTheValidationLossBelowTheHeldDecays(HypergradientMethod method)
    {
        var start = Start();
        var held = (double[])start.Clone();
        var gradient = new double[held.Length];
        for (int s = 0; s < HyperSteps * InnerSteps; s++)
        {
            DecayedRidge.AdaptedGradient<double>(held, s_data.Support, gradient);
            for (int i = 0; i < held.Length; i++) held[i] -= InnerLearningRate * gradient[i];
        }
        double heldLoss = DecayedRidge.MetaLoss<double>(held, s_data.Query);

        var tuned = (double[])start.Clone();
        var tuner = new HyperparameterTuner<DecayedRidge, double>(new HyperparameterTunerOptions
        {
            InnerSteps = InnerSteps, InnerLearningRate = InnerLearningRate, HyperLearningRate = 0.05, Method = method, Terms = 20,
        });
        for (int h = 0; h < HyperSteps; h++) tuner.Step(tuned, s_data.Support, s_data.Query);
        // The last step moved the decays after training; train once more with them, as the held run trained to its end.
        double tunedLoss = tuner.Step(tuned, s_data.Support, s_data.Query);

        output.WriteLine($"{method}: validation loss {tunedLoss:G4} tuned, {heldLoss:G4} with the decays held");
        Assert.True(tunedLoss < 0.8 * heldLoss, $"tuned {tunedLoss:G4} against held {heldLoss:G4}");
        Assert.Contains(MetaEntries(tuned), d => Math.Abs(d - -2) > 0.5);
    }

    [Fact]
    public void TheDecaysStayWithinTheirBounds()
    {
        var theta = Start();
        var tuner = new HyperparameterTuner<DecayedRidge, double>(new HyperparameterTunerOptions
        {
            InnerSteps = 2, InnerLearningRate = InnerLearningRate, HyperLearningRate = 1, Minimum = -2.5, Maximum = -1.5,
        });
        for (int h = 0; h < 20; h++) tuner.Step(theta, s_data.Support, s_data.Query);
        Assert.All(MetaEntries(theta), d => Assert.InRange(d, -2.5, -1.5));
        Assert.Contains(MetaEntries(theta), d => d is -2.5 or -1.5);
    }

    [Fact]
    public void EmptyBoundsAreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperparameterTuner<DecayedRidge, double>(new HyperparameterTunerOptions { Minimum = 1, Maximum = 0 }));

    private static double[] Start()
    {
        var theta = new double[DecayedRidge.Info.ParameterCount];
        DecayedRidge.Initialize<double>(theta, 3);
        return theta;
    }

    private static double[] MetaEntries(double[] theta) => theta.Where((_, i) => Numerics.IsMeta<DecayedRidge>(i)).ToArray();
}
