using System.Reflection;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Derivatives;

/// <summary>
/// Gradients, Hessian-vector products and mixed products of generated code against central
/// finite differences in double precision, and generated losses against the eager reference.
/// </summary>
public class DerivativeTests(ITestOutputHelper output)
{
    private const double Tolerance = 1e-6;

    private void Check(string what, double error)
    {
        output.WriteLine($"{what}: relative error {error:E2}");
        Assert.InRange(error, 0, Tolerance);
    }

    [Theory]
    [MemberData(nameof(LearnerCases.All), MemberType = typeof(LearnerCases))]
    public void GradientMatchesFiniteDifferences(Type learner) => Run(learner, nameof(Gradient));

    [Theory]
    [MemberData(nameof(LearnerCases.All), MemberType = typeof(LearnerCases))]
    public void HessianVectorProductMatchesFiniteDifferences(Type learner) => Run(learner, nameof(HessianVector));

    [Theory]
    [MemberData(nameof(LearnerCases.All), MemberType = typeof(LearnerCases))]
    public void PredictPullbackMatchesFiniteDifferences(Type learner) => Run(learner, nameof(Pullback));

    [Theory]
    [MemberData(nameof(LearnerCases.All), MemberType = typeof(LearnerCases))]
    public void GeneratedLossEqualsEagerLoss(Type learner) => Run(learner, nameof(EagerAgreement));

    [Theory]
    [MemberData(nameof(LearnerCases.All), MemberType = typeof(LearnerCases))]
    public void FloatAgreesWithDouble(Type learner) => Run(learner, nameof(FloatAgreement));

    /// <summary>
    /// Learners with meta-parameters, each with the seed of its point: DeepLoopNet's sits inside a loop the
    /// generator rolls; ConvMetaNormNet meta-learns batch-norm scale and shift, so d/dphi (dL/dtheta · v)
    /// runs through Im2Col, batch norm and max-pool routing; TinyTransformer meta-learns layer-norm scale and
    /// shift, so it runs through LayerNorm, causal attention, GELU and Slice; LearnedLossGaussianClassifier's loss
    /// network reads log-probabilities beside one-hot targets; NpbmlGaussianClassifier's warp layer and FiLMs read the batch's
    /// mean, so they run through keepDims means, Slice and Concat.
    /// </summary>
    public static TheoryData<Type, int> MetaLearners => new()
    {
        { typeof(Learners.WeightedLossLearner), 3 },
        { typeof(Learners.DeepLoopNet), 3 },
        { typeof(Learners.ConvMetaNormNet), 9 },
        { typeof(Learners.TinyTransformer), 3 },
        { typeof(MetaDsl.Learners.LearnedLossGaussianClassifier), 3 },
        { typeof(MetaDsl.Learners.NpbmlGaussianClassifier), 3 },
    };

    [Theory]
    [MemberData(nameof(MetaLearners))]
    public void MixedProductMatchesFiniteDifferencesOfTheMetaGradient(Type learner, int seed)
        => typeof(DerivativeTests).GetMethod(nameof(MixedProduct), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(learner).Invoke(this, [seed]);

    private void MixedProduct<L>(int seed) where L : ILearner<L>
    {
        var info = L.Info;
        var theta = Fixtures.Theta<L>(seed);
        var batch = Fixtures.Batch(info.Inputs, seed + 1);
        var v = Fixtures.Vector(theta.Length, seed + 2);
        foreach (var p in info.Parameters.Where(p => p.IsMeta)) Array.Clear(v, p.Offset, p.Size);
        Assert.True(info.MetaParameterCount > 0);

        var mixed = new double[theta.Length];
        L.MixedProduct<double>(theta, batch, v, mixed);
        var expected = FiniteDifferences.Directional((t, g) => L.Gradient<double>(t, batch, g), theta, v);

        Check($"{typeof(L).Name} mixed product", Numerics.RelativeError(mixed, expected));
        var metaBlock = info.Parameters.Where(p => p.IsMeta).SelectMany(p => mixed.Skip(p.Offset).Take(p.Size)).ToArray();
        Assert.Contains(metaBlock, x => Math.Abs(x) > 1e-8);
    }

    [Fact]
    public void MixedProductIgnoresTheMetaEntriesOfV()
    {
        var info = Learners.WeightedLossLearner.Info;
        var theta = Fixtures.Theta<Learners.WeightedLossLearner>(6);
        var batch = Fixtures.Batch(info.Inputs, 7);
        var v = Fixtures.Vector(theta.Length, 8);
        var zeroed = (double[])v.Clone();
        foreach (var p in info.Parameters.Where(p => p.IsMeta)) Array.Clear(zeroed, p.Offset, p.Size);
        var a = new double[theta.Length];
        var b = new double[theta.Length];
        Learners.WeightedLossLearner.MixedProduct<double>(theta, batch, v, a);
        Learners.WeightedLossLearner.MixedProduct<double>(theta, batch, zeroed, b);
        Assert.Equal(b, a);
    }

    private void Run(Type learner, string check)
        => typeof(DerivativeTests).GetMethod(check, BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(learner).Invoke(this, null);

    private void Gradient<L>() where L : ILearner<L>
    {
        for (int seed = 1; seed <= 2; seed++)
        {
            var theta = Fixtures.Theta<L>(seed);
            var batch = Fixtures.Batch(L.Info.Inputs, seed);
            var g = new double[theta.Length];
            double loss = L.Gradient<double>(theta, batch, g);
            Assert.Equal(L.Loss<double>(theta, batch), loss, 12);
            var expected = FiniteDifferences.Gradient(t => L.Loss<double>(t, batch), theta);
            Check($"{typeof(L).Name} gradient (seed {seed})", Numerics.RelativeError(g, expected));
        }
    }

    private void HessianVector<L>() where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(11);
        var batch = Fixtures.Batch(L.Info.Inputs, 12);
        var v = Fixtures.Vector(theta.Length, 13);
        var hv = new double[theta.Length];
        L.HessianVectorProduct<double>(theta, batch, v, hv);
        var expected = FiniteDifferences.Directional((t, g) => L.Gradient<double>(t, batch, g), theta, v);
        Check($"{typeof(L).Name} H·v", Numerics.RelativeError(hv, expected));
    }

    /// <summary>J(theta)ᵀ·c against finite differences of theta ↦ sum(Predict(theta) ⊙ c).</summary>
    private void Pullback<L>() where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(41);
        var gradient = new double[theta.Length];
        if (L.Info.ForwardInputs.Count == 0)
        {
            var batch = Fixtures.Batch(L.Info.Inputs, 42);
            Assert.Throws<NotSupportedException>(() => L.PredictPullback<double>(theta, batch, [], gradient));
            return;
        }
        var inputs = Fixtures.Batch(L.Info.ForwardInputs, 42);
        var cotangent = Fixtures.Vector(L.Info.OutputLength(inputs), 43);
        L.PredictPullback<double>(theta, inputs, cotangent, gradient);
        var output = new double[cotangent.Length];
        double Paired(double[] t)
        {
            L.Predict<double>(t, inputs, output);
            return output.Zip(cotangent, (o, c) => o * c).Sum();
        }
        Check($"{typeof(L).Name} pull-back", Numerics.RelativeError(gradient, FiniteDifferences.Gradient(Paired, theta)));
        Assert.Throws<ArgumentException>(() => L.PredictPullback<double>(theta, inputs, new double[cotangent.Length + 1], gradient));
    }

    private void EagerAgreement<L>() where L : ILearner<L>
    {
        var eager = typeof(Fixtures).GetMethod(nameof(Fixtures.EagerLoss))!.MakeGenericMethod(typeof(L));
        var theta = Fixtures.Theta<L>(21);
        var batch = Fixtures.Batch(L.Info.Inputs, 22);
        double expected = (double)eager.Invoke(null, [theta, batch])!;
        double actual = L.Loss<double>(theta, batch);
        Assert.Equal(expected, actual, Math.Max(1e-12, Math.Abs(expected) * 1e-12));
    }

    private void FloatAgreement<L>() where L : ILearner<L>
    {
        var theta = Fixtures.Theta<L>(31);
        var batch = Fixtures.Batch(L.Info.Inputs, 32);
        var gd = new double[theta.Length];
        var gf = new float[theta.Length];
        double ld = L.Gradient<double>(theta, batch, gd);
        float lf = L.Gradient<float>(theta.Select(t => (float)t).ToArray(), Fixtures.ToFloat(batch), gf);
        Assert.Equal(ld, lf, Math.Max(1e-4, Math.Abs(ld) * 1e-4));
        Assert.InRange(Numerics.RelativeError(gf.Select(x => (double)x).ToArray(), gd), 0, 1e-3);
    }
}
