using MetaDsl.Meta;
using MetaDsl.Tests.Meta.Fixtures;
using Xunit.Abstractions;

namespace MetaDsl.Tests.Meta;

public class ImplicitMamlTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0.5)]
    [InlineData(4.0)]
    public void ImplicitGradientMatchesFiniteDifferencesOfTheClosedFormRidgeSolution(double lambda)
    {
        var task = Numerics.Task(110, 3, 1, 12, 8, (x, _) => 2 * x[0] - x[1] + 0.5);
        var theta = Numerics.Theta<LinearRegression>(18);
        var imaml = new ImplicitMaml<LinearRegression, double>(new ImplicitMamlOptions
        {
            Regularization = lambda, InnerSteps = 5000, InnerLearningRate = 0.1, InnerTolerance = 1e-13,
            ConjugateGradientIterations = 20, ConjugateGradientTolerance = 1e-13,
        });
        var gradient = new double[theta.Length];
        imaml.MetaGradient(theta, task, gradient);

        var adapted = new double[theta.Length];
        imaml.Adapt(theta, task.Support, adapted);
        Assert.True(Numerics.RelativeError(adapted, Ridge(theta, task.Support, lambda)) < 1e-10);
        double error = Numerics.RelativeError(gradient, Numerics.Gradient(t => LinearRegression.Loss<double>(Ridge(t, task.Support, lambda), task.Query), theta));
        output.WriteLine($"lambda = {lambda}: relative error {error:E2}, {imaml.LastConjugateGradientIterations} CG iterations");
        Assert.True(error <= 1e-4, $"relative error {error:E2}");
        Assert.True(imaml.LastConjugateGradientIterations <= LinearRegression.Features + 1);
    }

    [Fact]
    public void MetaParameterGradientMatchesFiniteDifferencesOfAConvergedInnerSolve()
    {
        var task = Numerics.Task(111, 2, 2, 8, 6, (x, j) => 0.7 * Math.Tanh(x[j] - 0.3 * x[1 - j]));
        var theta = Numerics.Theta<WeightedTanhRegression>(19);
        var options = new ImplicitMamlOptions
        {
            Regularization = 2, InnerSteps = 20000, InnerLearningRate = 0.2, InnerTolerance = 1e-13,
            ConjugateGradientIterations = 50, ConjugateGradientTolerance = 1e-13,
        };
        var imaml = new ImplicitMaml<WeightedTanhRegression, double>(options);
        var gradient = new double[theta.Length];
        imaml.MetaGradient(theta, task, gradient);
        var adapted = new double[theta.Length];
        double MetaLoss(double[] t)
        {
            imaml.Adapt(t, task.Support, adapted);
            return WeightedTanhRegression.Loss<double>(adapted, task.Query);
        }
        double error = Numerics.RelativeError(gradient, Numerics.Gradient(MetaLoss, theta));
        output.WriteLine($"relative error {error:E2}");
        Assert.True(error <= 1e-4, $"relative error {error:E2}");
    }

    /// <summary>argmin L(phi) + lambda/2·||phi − theta||² for MSE: (2/n·X̃ᵀX̃ + lambda·I) phi = lambda·theta + 2/n·X̃ᵀy, X̃ = [x 1].</summary>
    internal static double[] Ridge(double[] theta, Batch<double> support, double lambda)
    {
        int n = support[1].Length, d = theta.Length;
        var a = new double[d, d + 1];
        for (int i = 0; i < n; i++)
        {
            var row = support[0].Data.Skip(i * (d - 1)).Take(d - 1).Append(1.0).ToArray();
            for (int r = 0; r < d; r++)
            {
                for (int c = 0; c < d; c++) a[r, c] += 2.0 / n * row[r] * row[c];
                a[r, d] += 2.0 / n * row[r] * support[1].Data[i];
            }
        }
        for (int r = 0; r < d; r++)
        {
            a[r, r] += lambda;
            a[r, d] += lambda * theta[r];
        }
        // Gaussian elimination; the matrix is symmetric positive definite, so no pivoting is needed.
        for (int p = 0; p < d; p++)
            for (int r = p + 1; r < d; r++)
            {
                double f = a[r, p] / a[p, p];
                for (int c = p; c <= d; c++) a[r, c] -= f * a[p, c];
            }
        var phi = new double[d];
        for (int r = d - 1; r >= 0; r--)
        {
            double s = a[r, d];
            for (int c = r + 1; c < d; c++) s -= a[r, c] * phi[c];
            phi[r] = s / a[r, r];
        }
        return phi;
    }
}
