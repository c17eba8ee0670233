using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;
using LearnerData = MetaDsl.Tests.Derivatives.Fixtures;

namespace MetaDsl.Tests.Meta;

/// <summary>
/// ML³: models start from a fresh initialization per task, descend the learned loss, and only the loss network is
/// meta-learned; its meta-gradient against central finite differences of the meta-objective in double.
/// </summary>
public class Ml3Tests(ITestOutputHelper output)
{
    private const double Alpha = 0.3;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void TheMetaGradientMatchesFiniteDifferencesOfTheTaskLossAfterTrainingAFreshModelOnTheLearnedLoss(int steps)
    {
        var task = Task(40 + steps);
        var parameters = LearnerData.Theta<LearnedLossRegressor>(5);
        var ml3 = new Ml3<LearnedLossRegressor, double>(new MamlOptions { InnerSteps = steps, InnerLearningRate = Alpha });
        var gradient = new double[parameters.Length];
        double loss = ml3.MetaGradient(parameters, [task], gradient);

        var rates = Enumerable.Repeat(Alpha, steps).ToArray();
        double MetaObjective(double[] p)
        {
            var start = new double[p.Length];
            ml3.Adapt(p, task.Support, 0, start);
            return LearnedLossRegressor.MetaLoss<double>(Numerics.Adapt<LearnedLossRegressor>(start, task.Support, rates), task.Query);
        }
        Assert.Equal(MetaObjective(parameters), loss, 1e-13);
        var expected = Numerics.Gradient(MetaObjective, parameters, h: 1e-6);
        for (int i = 0; i < gradient.Length; i++)
            if (!Numerics.IsMeta<LearnedLossRegressor>(i)) Assert.Equal(0, gradient[i]);
        Assert.Contains(expected.Where((_, i) => Numerics.IsMeta<LearnedLossRegressor>(i)), g => Math.Abs(g) > 1e-6);
        double error = Numerics.RelativeError(gradient, expected);
        output.WriteLine($"ML³, K = {steps}: relative error {error:E2}");
        Assert.InRange(error, 0, 1e-6);
    }

    [Fact]
    public void EachTaskTrainsAFreshModelWhateverTheParametersModelEntriesHold()
    {
        var task = Task(50);
        var parameters = LearnerData.Theta<LearnedLossRegressor>(6);
        var other = (double[])parameters.Clone();
        for (int i = 0; i < other.Length; i++)
            if (!Numerics.IsMeta<LearnedLossRegressor>(i)) other[i] += 1;
        var ml3 = new Ml3<LearnedLossRegressor, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = Alpha });

        var a = new double[parameters.Length];
        var b = new double[parameters.Length];
        ml3.Adapt(parameters, task.Support, 2, a);
        ml3.Adapt(other, task.Support, 2, b);
        Assert.Equal(a, b);

        var start = new double[parameters.Length];
        var otherStart = new double[parameters.Length];
        ml3.Adapt(parameters, task.Support, 0, start);
        ml3.Adapt(parameters, Task(51).Support, 0, otherStart);
        Assert.NotEqual(start, otherStart);
        for (int i = 0; i < start.Length; i++)
            if (Numerics.IsMeta<LearnedLossRegressor>(i)) Assert.Equal(parameters[i], start[i]);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void EveryThreadCountGivesBitIdenticalResults(int threads)
    {
        var tasks = Enumerable.Range(60, 7).Select(Task).ToArray();
        var parameters = LearnerData.Theta<LearnedLossRegressor>(7);
        var one = new double[parameters.Length];
        var many = new double[parameters.Length];
        double oneLoss = new Ml3<LearnedLossRegressor, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = Alpha }).MetaGradient(parameters, tasks, one);
        double manyLoss = new Ml3<LearnedLossRegressor, double>(new MamlOptions { InnerSteps = 2, InnerLearningRate = Alpha, Threads = threads }).MetaGradient(parameters, tasks, many);
        Assert.Equal(oneLoss, manyLoss);
        Assert.Equal(one, many);
    }

    [Fact]
    public void ALearnerWithoutALossNetworkOrATaskObjectiveIsRefusedByName()
    {
        var noLossNetwork = Assert.Throws<ArgumentException>(() => new Ml3<TanhNet, double>(new MamlOptions()));
        Assert.Contains(TanhNet.Info.Name, noLossNetwork.Message);
        var noTaskObjective = Assert.Throws<ArgumentException>(() => new Ml3<TinyTransformer, double>(new MamlOptions()));
        Assert.Contains("[MetaLoss]", noTaskObjective.Message);
    }

    private static MetaTask<double> Task(int seed)
        => new(LearnerData.Batch(LearnedLossRegressor.Info.Inputs, seed, rows: 6), LearnerData.Batch(LearnedLossRegressor.Info.Inputs, seed + 1000, rows: 8));
}
