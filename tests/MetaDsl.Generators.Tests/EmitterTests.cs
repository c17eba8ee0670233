using System.Runtime.CompilerServices;

namespace MetaDsl.Generators.Tests;

/// <summary>The emitted C#: golden text for two learners, file naming, and errors found while lowering.</summary>
public class EmitterTests
{
    /// <summary>Set this variable to 1 to rewrite the baselines from the current generator.</summary>
    private const string UpdateVariable = "METADSL_UPDATE_BASELINES";

    [Theory]
    [InlineData(nameof(LearnerSources.SineMlp), "SineMlp.g.cs")]
    [InlineData(nameof(LearnerSources.SoftmaxClassifier), "Demo.Classifiers.SoftmaxClassifier.g.cs")]
    public void GeneratedSourceMatchesBaseline(string learner, string hintName)
    {
        var source = (string)typeof(LearnerSources).GetField(learner)!.GetValue(null)!;
        var outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.OutputErrors);
        var generated = Assert.Single(outcome.Sources);
        Assert.Equal(hintName, generated.HintName);
        var actual = generated.SourceText.ToString();

        var path = Path.Combine(SourceDirectory(), "Baselines", hintName + ".txt");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            File.WriteAllText(path, actual);
        Assert.True(File.Exists(path), $"No baseline at {path}; run the tests with {UpdateVariable}=1 to create it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    [Fact]
    public void NestedLearnersWithTheSameNameGetDistinctFiles()
    {
        const string source = """
            using MetaDsl;
            using static MetaDsl.Ops;
            namespace N;
            public partial class A { [Learner] public partial class L { [Param(1)] public Tensor P; [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Sum(Square(x * P)); } }
            public partial class B { [Learner] public partial class L { [Param(1)] public Tensor P; [Loss] public Tensor Loss([Shape("n", 1)] Tensor x) => Sum(Exp(x * P)); } }
            """;
        var outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id is "CS8785" or "MDSL0020");
        Assert.Equal(["N.A.L.g.cs", "N.B.L.g.cs"], outcome.Sources.Select(s => s.HintName).Order());
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void LearnersWhoseNamesDifferOnlyInCaseGetDistinctValidFiles()
    {
        const string source = "using MetaDsl;\nusing static MetaDsl.Ops;\nnamespace N;\n"
            + "[Learner] public partial class Net { [Param(1)] public Tensor P; [Loss] public Tensor Loss([Shape(\"n\", 1)] Tensor x) => Sum(Square(x * P)); }\n"
            + "[Learner] public partial class NET { [Param(1)] public Tensor P; [Loss] public Tensor Loss([Shape(\"n\", 1)] Tensor x) => Sum(Exp(x * P)); }\n";
        var outcome = GeneratorHarness.Run(source);
        Assert.DoesNotContain(outcome.Diagnostics, d => d.Id is "CS8785" or "MDSL0020");
        var names = outcome.Sources.Select(s => s.HintName).ToList();
        Assert.Equal(2, names.Count);
        Assert.Equal(2, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Matches(@"^N\.(Net|NET)\.\d{10}\.g\.cs$", n));
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void VerbatimIdentifiersKeepTheirAtSignInGeneratedCode()
    {
        const string source = "using MetaDsl;\nusing static MetaDsl.Ops;\nnamespace @class.@event {\npublic partial class @operator {\n"
            + "[Learner] public partial record @params { [Param(1)] public Tensor @int; [Loss] public Tensor Loss([Shape(\"n\", 1)] Tensor x) => Sum(Square(x * @int)); } } }\n";
        var outcome = GeneratorHarness.Run(source);
        Assert.Empty(outcome.Mdsl);
        Assert.Equal("class.event.operator.params.g.cs", Assert.Single(outcome.Sources).HintName);
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void NonAsciiNamesGetAnAsciiFileName()
    {
        var outcome = GeneratorHarness.Run("using MetaDsl;\nusing static MetaDsl.Ops;\nnamespace Größe;\n"
            + "[Learner] public partial class Ünï { [Param(1)] public Tensor P; [Loss] public Tensor Loss([Shape(\"n\", 1)] Tensor x) => Sum(x * P); }\n");
        Assert.Matches(@"^Gr__e\._n_\.\d{10}\.g\.cs$", Assert.Single(outcome.Sources).HintName);
        Assert.Empty(outcome.OutputErrors);
    }

    [Fact]
    public void FileLocalLearnerIsRefusedByName()
    {
        var outcome = GeneratorHarness.Run("using MetaDsl;\nusing static MetaDsl.Ops;\n"
            + "[Learner] file partial class F { [Param(1)] public Tensor P; [Loss] public Tensor Loss([Shape(\"n\", 1)] Tensor x) => Sum(x * P); }\n");
        var d = Assert.Single(outcome.Mdsl);
        Assert.Contains("file-local", d.GetMessage());
        Assert.Empty(outcome.Sources);
    }

    [Fact]
    public void StaticLearnerClassIsReported()
    {
        var outcome = GeneratorHarness.Run("""
            using MetaDsl;
            [Learner] public static partial class S { }
            """);
        Assert.Contains(outcome.Mdsl, d => d.Id == "MDSL0003" && d.GetMessage().Contains("static learner class"));
    }

    [Fact]
    public void ReshapeToAZeroDimSaysDimsMustBePositive()
    {
        var outcome = GeneratorHarness.Run("""
            using MetaDsl;
            using static MetaDsl.Ops;
            [Learner] public partial class R { [Param(4)] public Tensor P; [Loss] public Tensor Loss([Shape(4)] Tensor x) => Sum(Reshape(x * P, 0, 4)); }
            """);
        var d = Assert.Single(outcome.Mdsl);
        Assert.Equal("MDSL0019", d.Id);
        Assert.Contains("must be positive", d.GetMessage());
    }

    [Fact]
    public void DotExportNamesEveryOpOfTheLoss()
    {
        var outcome = GeneratorHarness.Run(LearnerSources.SineMlp);
        var text = Assert.Single(outcome.Sources).SourceText.ToString();
        foreach (var op in new[] { "Input x", "Param W1", "MatMul", "Relu", "Square", "Sum" })
            Assert.Contains(op, text);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
