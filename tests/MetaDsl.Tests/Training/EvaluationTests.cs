using System.Text.Json;
using MetaDsl.Learners;
using MetaDsl.Meta;
using MetaDsl.Tasks;
using MetaDsl.Training;

namespace MetaDsl.Tests.Training;

public sealed class EvaluationTests
{
    [Fact]
    public void RowsCoverEveryStepCountWithAnInterval()
    {
        var algorithm = TrainingFixtures.Maml();
        var theta = new float[algorithm.Length];
        algorithm.Initialize(theta, 3);
        var evaluator = new Evaluator<SineMlp, float>(new SinusoidSampler<float>(5, 20), new EvaluationOptions { Tasks = 30, Shots = 5 });

        var rows = evaluator.Evaluate("maml", algorithm, theta);

        Assert.Equal([1, 5, 10], rows.Select(r => r.Steps));
        Assert.All(rows, r =>
        {
            Assert.Equal("maml", r.Algorithm);
            Assert.Equal(5, r.Shots);
            Assert.True(r.Mse > 0 && double.IsFinite(r.Mse));
            Assert.True(r.Ci95 > 0 && double.IsFinite(r.Ci95));
            Assert.Null(r.Accuracy);
        });
        Assert.Equal(rows, evaluator.Evaluate("maml", algorithm, theta));
    }

    [Fact]
    public void TheIntervalIsTheNormalApproximationOfTheMean()
    {
        var algorithm = TrainingFixtures.Maml();
        var theta = new float[algorithm.Length];
        algorithm.Initialize(theta, 3);
        var sampler = new SinusoidSampler<float>(5, 20);
        var rows = new Evaluator<SineMlp, float>(sampler, new EvaluationOptions { Tasks = 12, Shots = 5, Steps = [2], Seed = 9 }).Evaluate("maml", algorithm, theta);

        var losses = new List<double>();
        var rng = new SplitMix64(9);
        var task = sampler.Allocate();
        var adapted = new float[theta.Length];
        for (int m = 0; m < 12; m++)
        {
            sampler.Sample(ref rng, task);
            algorithm.Adapt(theta, task.Support, 2, adapted);
            losses.Add(SineMlp.Loss<float>(adapted, task.Query));
        }
        double mean = losses.Average();
        double sd = Math.Sqrt(losses.Sum(l => (l - mean) * (l - mean)) / (losses.Count - 1));
        Assert.Equal(mean, rows[0].Mse, 1e-9);
        Assert.Equal(1.96 * sd / Math.Sqrt(12), rows[0].Ci95, 1e-9);
    }

    [Fact]
    public void ClassificationRowsCarryAccuracy()
    {
        var theta = new float[GaussianClassifier.Info.ParameterCount];
        GaussianClassifier.Initialize<float>(theta, 1);
        var sampler = new GaussianClusterSampler<float>(5, 1, 4, 2);
        var rows = new Evaluator<GaussianClassifier, float>(sampler, new EvaluationOptions { Tasks = 10, Shots = 1, Accuracy = true })
            .Evaluate("pretrained", new SgdAdaptation<GaussianClassifier, float>(0.1), theta);
        Assert.All(rows, r => Assert.InRange(r.Accuracy!.Value, 0, 1));
        Assert.All(rows, r => Assert.NotNull(r.AccuracyCi95));
    }

    [Fact]
    public void ProtoNetIsScoredByItsPrototypesWhateverTheSteps()
    {
        var protoNet = Assert.IsType<ProtoNet<GaussianClassifier, float>>(MetaAlgorithms.Create<GaussianClassifier, float>("protonet", new MetaAlgorithmSettings()));
        var theta = new float[protoNet.Length];
        protoNet.Initialize(theta, 1);
        var options = new EvaluationOptions { Tasks = 6, Shots = 1, Steps = [0, 5], Accuracy = true };
        var rows = new Evaluator<GaussianClassifier, float>(new GaussianClusterSampler<float>(5, 1, 4, 2), options).Evaluate("protonet", protoNet, theta);

        var sampler = new GaussianClusterSampler<float>(5, 1, 4, 2);
        var task = sampler.Allocate();
        var rng = new SplitMix64(unchecked((ulong)options.Seed));
        double loss = 0, accuracy = 0;
        for (int m = 0; m < options.Tasks; m++)
        {
            sampler.Sample(ref rng, task);
            loss += protoNet.Evaluate(theta, task, out double correct);
            accuracy += correct;
        }
        Assert.Equal(loss / options.Tasks, rows[0].Mse, 1e-6);
        Assert.Equal(accuracy / options.Tasks, rows[0].Accuracy!.Value, 1e-12);
        Assert.Equal(rows[0].Mse, rows[1].Mse);
    }

    [Fact]
    public void JsonHasOneObjectPerRowWithTheAgreedKeys()
    {
        EvaluationRow[] rows = [new("maml", 5, 1, 0.5, 0.05), new("pretrained", 5, 10, double.NaN, double.NaN)];
        using var document = JsonDocument.Parse(EvaluationJson.Serialize(rows));
        var array = document.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, array.Length);
        Assert.All(array, o => Assert.Equal(["algorithm", "shots", "steps", "mse", "ci95"], o.EnumerateObject().Select(p => p.Name)));
        Assert.Equal("maml", array[0].GetProperty("algorithm").GetString());
        Assert.Equal(0.5, array[0].GetProperty("mse").GetDouble());
        Assert.Equal("NaN", array[1].GetProperty("mse").GetString());
    }

    [Fact]
    public void JointTrainerLowersTheUnadaptedLossOnHeldOutTasks()
    {
        var trainer = new JointTrainer<SineMlp, float>(TrainingFixtures.Sine(), TrainingFixtures.Options(1500), 0.01);
        var initial = new float[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<float>(initial, 0);
        var evaluator = new Evaluator<SineMlp, float>(new SinusoidSampler<float>(5, 20), new EvaluationOptions { Tasks = 50, Shots = 5, Steps = [0] });

        var result = trainer.Train();

        double before = evaluator.Evaluate("initial", trainer.Adaptation, initial)[0].Mse;
        double after = evaluator.Evaluate(JointTrainer<SineMlp, float>.Name, trainer.Adaptation, result.Parameters)[0].Mse;
        // SineMlp starts near zero output, so the unadapted loss starts near the targets' variance and
        // can only fall towards that of the mean curve over phases.
        Assert.True(after < 0.9 * before, $"held-out loss went from {before} to {after}");
        Assert.Equal("pretrained", JointTrainer<SineMlp, float>.Name);
    }
}
