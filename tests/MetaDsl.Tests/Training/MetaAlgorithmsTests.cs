using MetaDsl.Learners;
using MetaDsl.Meta;
using MetaDsl.Training;

namespace MetaDsl.Tests.Training;

public class MetaAlgorithmsTests
{
    [Fact]
    public void EveryEntryBuildsTheAlgorithmOfItsNameAndLength()
    {
        Assert.Equal(["maml", "fomaml", "reptile", "metasgd", "anil", "imaml", "protonet", "ml3", "bmg", "npbml"], MetaAlgorithms.Names);
        foreach (var definition in MetaAlgorithms.All)
        {
            var algorithm = definition.NeedsClassLabels ? definition.Create<GaussianClassifier, float>(new MetaAlgorithmSettings())
                : definition.Unsuitable(SineMlp.Info) is null ? definition.Create<SineMlp, float>(new MetaAlgorithmSettings())
                : definition.Create<LearnedLossSineMlp, float>(new MetaAlgorithmSettings());
            Assert.Equal(definition.Name, algorithm.Name);
            Assert.Equal(definition.MetaParameterCount(algorithm.Learner), algorithm.Length);
            Assert.Equal(algorithm.Length, algorithm.Layout.Sum(p => p.Size));
        }
    }

    [Fact]
    public void Ml3RefusesALearnerWithoutALearnedLossBeforeBuildingAnything()
    {
        var ml3 = MetaAlgorithms.Find("ml3");
        Assert.Contains("SineMlp has none", ml3.Unsuitable(SineMlp.Info));
        Assert.Null(ml3.Unsuitable(LearnedLossSineMlp.Info));
        Assert.Null(MetaAlgorithms.Find("maml").Unsuitable(SineMlp.Info));
    }

    [Fact]
    public void NamesAreFoundWhateverTheirCaseAndUnknownNamesListTheKnownOnes()
    {
        Assert.Same(MetaAlgorithms.Find("maml"), MetaAlgorithms.Find("MAML"));
        Assert.False(MetaAlgorithms.TryFind("sgd", out _));
        var e = Assert.Throws<ArgumentException>(() => MetaAlgorithms.Find("sgd"));
        Assert.Contains("known: maml, fomaml, reptile, metasgd, anil, imaml, protonet, ml3, bmg, npbml", e.Message);
    }

    [Fact]
    public void SettingsAMethodDoesNotTakeAreRefused()
    {
        var weights = new MetaAlgorithmSettings { InnerSteps = 1, QueryLossWeights = [0.5, 0.5] };
        Assert.IsType<Maml<SineMlp, float>>(MetaAlgorithms.Create<SineMlp, float>("fomaml", weights));
        var query = Assert.Throws<ArgumentException>(() => MetaAlgorithms.Create<SineMlp, float>("reptile", weights));
        Assert.Contains("an option of maml, fomaml, ml3 and npbml; reptile does not take them", query.Message);

        var device = Assert.Throws<ArgumentException>(() => new CpuOnly().Create<SineMlp, float>(new MetaAlgorithmSettings { Device = Device.IlgpuCpu }));
        Assert.Contains("cpu-only runs on the CPU only; maml, fomaml, reptile, metasgd, anil, imaml, protonet, ml3, bmg and npbml run on", device.Message);
    }

    // Every method of the table runs on accelerators, so the refusal is checked on one made for it.
    private sealed class CpuOnly() : MetaAlgorithmDefinition("cpu-only")
    {
        protected override IMetaAlgorithm<T> Build<TLearner, T>(MetaAlgorithmSettings settings) => new Maml<TLearner, T>(new MamlOptions());
    }

    [Fact]
    public void FineTuningPlansFollowWhatEachMethodAdapts()
    {
        var parameters = new float[2 * SineMlp.Info.ParameterCount];
        parameters.AsSpan(SineMlp.Info.ParameterCount).Fill(0.25f);
        var plain = MetaAlgorithms.Create<SineMlp, float>("maml", new MetaAlgorithmSettings()).PlanFineTuning(parameters.AsSpan(0, SineMlp.Info.ParameterCount));
        Assert.Null(plain.StepSizes);
        Assert.Equal(SineMlp.Info.Parameters.Select(p => p.Name), plain.AdaptedParameters);

        var metaSgd = MetaAlgorithms.Create<SineMlp, float>("metasgd", new MetaAlgorithmSettings()).PlanFineTuning(parameters);
        Assert.Equal(Enumerable.Repeat(0.25f, SineMlp.Info.ParameterCount), metaSgd.StepSizes!);

        var anil = MetaAlgorithms.Create<SineMlp, float>("anil", new MetaAlgorithmSettings()).PlanFineTuning(parameters.AsSpan(0, SineMlp.Info.ParameterCount));
        Assert.Equal(SineMlp.Info.Parameters.TakeLast(2).Select(p => p.Name), anil.AdaptedParameters);
    }
}
