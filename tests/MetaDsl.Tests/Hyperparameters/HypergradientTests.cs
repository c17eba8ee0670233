using MetaDsl.Hyperparameters;
using MetaDsl.Tasks;
using MetaDsl.Tests.Learners;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Hyperparameters;

/// <summary>
/// The hypergradients of a validation loss with respect to per-weight decays, in double precision: the exact implicit
/// one (conjugate gradient) against finite differences of the validation loss at the exact minimum, the Neumann series
/// against it as terms are added, and the unrolled one against finite differences of the loss after the SGD steps.
/// </summary>
public class HypergradientTests(ITestOutputHelper output)
{
    private static readonly MetaTask<double> s_ridgeData = Numerics.Task(7, inputs: 5, outputs: 1, support: 8, query: 20, target: (x, _) => x[0] - 0.5 * x[1]);
    private static readonly MetaTask<double> s_tanhData = Numerics.Task(8, inputs: 3, outputs: 1, support: 10, query: 12, target: (x, _) => Math.Sin(x[0]) + 0.3 * x[2]);

    [Fact]
    public void ConjugateGradientGivesTheFiniteDifferencesOfTheValidationLossAtTheMinimum()
    {
        var phi = Decays(DecayedRidge.Info, seed: 1);
        var minimum = Minimum(phi);
        var hypergradient = new double[minimum.Length];
        var exact = new ImplicitHypergradient<DecayedRidge, double>(HypergradientMethod.ConjugateGradient, terms: 100, neumannStep: 0.1, tolerance: 1e-14);
        double loss = exact.Compute(minimum, s_ridgeData.Support, s_ridgeData.Query, hypergradient);

        Assert.Equal(DecayedRidge.MetaLoss<double>(minimum, s_ridgeData.Query), loss, 1e-15);
        var expected = Numerics.Gradient(p => DecayedRidge.MetaLoss<double>(Minimum(p), s_ridgeData.Query), phi, h: 1e-5);
        AssertAdaptedEntriesAreZero<DecayedRidge>(hypergradient);
        Assert.Contains(expected.Where((_, i) => Numerics.IsMeta<DecayedRidge>(i)), g => Math.Abs(g) > 1e-4);
        Report($"implicit (CG, {exact.LastIterations} iterations) against FD at the minimum", Numerics.RelativeError(MetaEntries<DecayedRidge>(hypergradient), MetaEntries<DecayedRidge>(expected)), 1e-6);
    }

    [Fact]
    public void TheNeumannSeriesConvergesToTheExactImplicitHypergradient()
    {
        var minimum = Minimum(Decays(DecayedRidge.Info, seed: 2));
        var exact = new double[minimum.Length];
        new ImplicitHypergradient<DecayedRidge, double>(HypergradientMethod.ConjugateGradient, 100, 0.1, 1e-14).Compute(minimum, s_ridgeData.Support, s_ridgeData.Query, exact);

        var errors = new List<double>();
        foreach (int terms in new[] { 2, 20, 200, 2000 })
        {
            var neumann = new double[minimum.Length];
            new ImplicitHypergradient<DecayedRidge, double>(HypergradientMethod.Neumann, terms, 0.1, 0).Compute(minimum, s_ridgeData.Support, s_ridgeData.Query, neumann);
            AssertAdaptedEntriesAreZero<DecayedRidge>(neumann);
            errors.Add(Numerics.RelativeError(neumann, exact));
            output.WriteLine($"Neumann, {terms} terms: relative error {errors[^1]:E2} against CG");
        }
        for (int i = 1; i < errors.Count; i++) Assert.True(errors[i] < errors[i - 1], $"the error did not fall from {errors[i - 1]:E2} to {errors[i]:E2}");
        Assert.InRange(errors[^1], 0, 1e-9);
    }

    [Fact]
    public void UnrolledHypergradientGivesTheFiniteDifferencesOfTheValidationLossAfterTheStepsOfARidge() =>
        UnrolledMatchesFiniteDifferences<DecayedRidge>(s_ridgeData, steps: 6, learningRate: 0.1);

    [Fact]
    public void UnrolledHypergradientGivesTheFiniteDifferencesOfTheValidationLossAfterTheStepsOfATanhNet() =>
        UnrolledMatchesFiniteDifferences<DecayedTanhNet>(s_tanhData, steps: 5, learningRate: 0.3);

    [Fact]
    public void TheUnrolledHypergradientApproachesTheImplicitOneAsTrainingConverges()
    {
        var phi = Decays(DecayedRidge.Info, seed: 3);
        var exact = new double[phi.Length];
        new ImplicitHypergradient<DecayedRidge, double>(HypergradientMethod.ConjugateGradient, 100, 0.1, 1e-14).Compute(Minimum(phi), s_ridgeData.Support, s_ridgeData.Query, exact);

        var errors = new List<double>();
        foreach (int steps in new[] { 10, 100, 1000 })
        {
            var theta = (double[])phi.Clone();
            var unrolled = new double[phi.Length];
            new UnrolledHypergradient<DecayedRidge, double>(steps, 0.1).Train(theta, s_ridgeData.Support, s_ridgeData.Query, unrolled);
            errors.Add(Numerics.RelativeError(unrolled, exact));
            output.WriteLine($"unrolled through {steps} steps from zero: relative error {errors[^1]:E2} against the implicit hypergradient");
        }
        for (int i = 1; i < errors.Count; i++) Assert.True(errors[i] < errors[i - 1], $"the error did not fall from {errors[i - 1]:E2} to {errors[i]:E2}");
        Assert.InRange(errors[^1], 0, 1e-8);
    }

    [Fact]
    public void ALearnerWithoutHyperparametersIsRefusedByName()
    {
        var error = Assert.Throws<ArgumentException>(() => new ImplicitHypergradient<TanhNet, double>(HypergradientMethod.Neumann, 5, 0.1, 0));
        Assert.Contains(TanhNet.Info.Name, error.Message);
        Assert.Throws<ArgumentException>(() => new UnrolledHypergradient<TanhNet, double>(5, 0.1));
    }

    private void UnrolledMatchesFiniteDifferences<TLearner>(MetaTask<double> data, int steps, double learningRate) where TLearner : ILearner<TLearner>
    {
        var start = Numerics.Theta<TLearner>(4);
        var decays = Decays(TLearner.Info, seed: 5);
        for (int i = 0; i < start.Length; i++)
            if (Numerics.IsMeta<TLearner>(i)) start[i] = decays[i];
        var theta = (double[])start.Clone();
        var hypergradient = new double[start.Length];
        double loss = new UnrolledHypergradient<TLearner, double>(steps, learningRate).Train(theta, data.Support, data.Query, hypergradient);

        var rates = Enumerable.Repeat(learningRate, steps).ToArray();
        Assert.InRange(Numerics.RelativeError(theta, Numerics.Adapt<TLearner>(start, data.Support, rates)), 0, 1e-14);
        double Objective(double[] p) => TLearner.MetaLoss<double>(Numerics.Adapt<TLearner>(p, data.Support, rates), data.Query);
        Assert.Equal(Objective(start), loss, 1e-15);
        var expected = Numerics.Gradient(Objective, start, h: 1e-6);
        AssertAdaptedEntriesAreZero<TLearner>(hypergradient);
        Assert.Contains(expected.Where((_, i) => Numerics.IsMeta<TLearner>(i)), g => Math.Abs(g) > 1e-6);
        Report($"{TLearner.Info.Name}: unrolled through {steps} steps against FD", Numerics.RelativeError(MetaEntries<TLearner>(hypergradient), MetaEntries<TLearner>(expected)), 1e-6);
    }

    // theta with the adapted entries zero and the decays' logs drawn in [-3, -1].
    private static double[] Decays(LearnerInfo info, int seed)
    {
        var rng = new SplitMix64((ulong)seed);
        var theta = new double[info.ParameterCount];
        foreach (var p in info.Parameters.Where(p => p.IsMeta))
            for (int i = 0; i < p.Size; i++) theta[p.Offset + i] = -3 + 2 * rng.NextDouble();
        return theta;
    }

    // The ridge's exact minimum over the adapted entries for the decays in phi: one Newton step from zero, the
    // Hessian built column by column from the mixed product and solved by Gaussian elimination.
    private static double[] Minimum(double[] phi)
    {
        var adapted = Enumerable.Range(0, phi.Length).Where(i => !Numerics.IsMeta<DecayedRidge>(i)).ToArray();
        var start = (double[])phi.Clone();
        foreach (int i in adapted) start[i] = 0;
        var gradient = new double[phi.Length];
        DecayedRidge.AdaptedGradient<double>(start, s_ridgeData.Support, gradient);
        int n = adapted.Length;
        var system = new double[n, n + 1];
        var unit = new double[phi.Length];
        var column = new double[phi.Length];
        for (int c = 0; c < n; c++)
        {
            unit[adapted[c]] = 1;
            DecayedRidge.MixedProduct<double>(start, s_ridgeData.Support, unit, column);
            unit[adapted[c]] = 0;
            for (int r = 0; r < n; r++) system[r, c] = column[adapted[r]];
        }
        for (int r = 0; r < n; r++) system[r, n] = -gradient[adapted[r]];
        var solution = Solve(system);
        var minimum = start;
        for (int r = 0; r < n; r++) minimum[adapted[r]] = solution[r];
        return minimum;
    }

    private static double[] Solve(double[,] a)
    {
        int n = a.GetLength(0);
        for (int k = 0; k < n; k++)
        {
            int pivot = Enumerable.Range(k, n - k).MaxBy(r => Math.Abs(a[r, k]));
            for (int c = 0; c <= n; c++) (a[k, c], a[pivot, c]) = (a[pivot, c], a[k, c]);
            for (int r = k + 1; r < n; r++)
            {
                double f = a[r, k] / a[k, k];
                for (int c = k; c <= n; c++) a[r, c] -= f * a[k, c];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = a[r, n];
            for (int c = r + 1; c < n; c++) s -= a[r, c] * x[c];
            x[r] = s / a[r, r];
        }
        return x;
    }

    private static double[] MetaEntries<TLearner>(double[] theta) where TLearner : ILearner<TLearner> =>
        theta.Where((_, i) => Numerics.IsMeta<TLearner>(i)).ToArray();

    private static void AssertAdaptedEntriesAreZero<TLearner>(double[] hypergradient) where TLearner : ILearner<TLearner>
    {
        for (int i = 0; i < hypergradient.Length; i++)
            if (!Numerics.IsMeta<TLearner>(i)) Assert.Equal(0, hypergradient[i]);
    }

    private void Report(string what, double error, double tolerance)
    {
        output.WriteLine($"{what}: relative error {error:E2}");
        Assert.InRange(error, 0, tolerance);
    }
}
