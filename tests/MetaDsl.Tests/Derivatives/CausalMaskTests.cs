using MetaDsl.Tests.Learners;

namespace MetaDsl.Tests.Derivatives;

/// <summary>Masked scores get no weight and exactly zero derivatives of every order, never NaN.</summary>
public class CausalMaskTests
{
    private static bool Masked(int i) => i % 3 > i / 3;

    [Fact]
    public void DerivativesThroughMaskedScoresAreExactlyZero()
    {
        var theta = Fixtures.Theta<MaskedScores>(3);
        var batch = Fixtures.Batch(MaskedScores.Info.Inputs, 4);
        var gradient = new double[theta.Length];
        var hv = new double[theta.Length];
        double loss = MaskedScores.Gradient<double>(theta, batch, gradient);
        MaskedScores.HessianVectorProduct<double>(theta, batch, Fixtures.Vector(theta.Length, 5), hv);

        Assert.True(double.IsFinite(loss));
        for (int i = 0; i < theta.Length; i++)
        {
            if (Masked(i))
            {
                Assert.Equal(0.0, gradient[i]);
                Assert.Equal(0.0, hv[i]);
            }
            else if (i / 3 > 0)
            {
                // The first row keeps one score, whose softmax is 1 whatever it is; every later row depends on its kept scores.
                Assert.NotEqual(0.0, gradient[i]);
                Assert.True(double.IsFinite(hv[i]));
            }
        }
    }

    [Fact]
    public void AMaskedScoreDoesNotChangeTheLoss()
    {
        var theta = Fixtures.Theta<MaskedScores>(6);
        var batch = Fixtures.Batch(MaskedScores.Info.Inputs, 7);
        var moved = (double[])theta.Clone();
        moved[1] += 100;
        Assert.Equal(MaskedScores.Loss<double>(theta, batch), MaskedScores.Loss<double>(moved, batch));
    }
}
