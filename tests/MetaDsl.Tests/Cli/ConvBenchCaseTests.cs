using MetaDsl.Cli.Bench;

namespace MetaDsl.Tests.Cli;

/// <summary>The Conv-4 bench cases at a chosen K and meta-batch.</summary>
public sealed class ConvBenchCaseTests
{
    [Fact]
    public void InnerStepsAndMetaBatchScaleTheCountedWork()
    {
        var one = ConvBenchCases.Create(innerSteps: 1, metaBatch: 4);
        var more = ConvBenchCases.Create(innerSteps: 3, metaBatch: 8);
        Assert.Equal(["omniglot-conv4-so", "omniglot-conv4-fo"], more.Select(c => c.Name));
        double support = ConvBenchCases.GradientFlops(ConvBenchCases.Ways * ConvBenchCases.Shots);
        double query = ConvBenchCases.GradientFlops(ConvBenchCases.Ways * ConvBenchCases.Queries);
        Assert.Equal(8 * (3 * 3 * support + query), more[0].FlopsPerStep, 1e-6);
        Assert.Equal(8 * (3 * support + query), more[1].FlopsPerStep, 1e-6);
        Assert.Equal(4 * (support + query), one[1].FlopsPerStep, 1e-6);
        Assert.Contains("meta-batch 8, 3 inner step(s)", more[0].Description);
    }
}
