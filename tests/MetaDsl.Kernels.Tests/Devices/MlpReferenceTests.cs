using MetaDsl.Kernels.Cuda.Mlp;
using static MetaDsl.Kernels.Tests.Devices.MlpTestData;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>
/// The double-precision reference the GPU kernels are compared with, checked against central
/// finite differences along random directions (exact derivatives agree to ~1e-8 relative; the
/// tolerance leaves room for truncation error and the rare ReLU kink).
/// </summary>
public sealed class MlpReferenceTests
{
    private const double Epsilon = 1e-6;
    private const double Tolerance = 1e-6;

    public static TheoryData<int[]> Shapes => new() { new[] { 1, 40, 40, 1 }, new[] { 3, 7, 5, 2 }, new[] { 2, 4 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gradient_matches_finite_differences(int[] sizes)
    {
        var (mlp, theta, x, y) = Setup(sizes, points: 6);
        var gradient = new double[theta.Length];
        mlp.Gradient(theta, x, y, gradient);
        for (var seed = 0; seed < 3; seed++)
        {
            var d = Uniform(theta.Length, 100 + seed);
            var numeric = (mlp.Loss(Step(theta, d, Epsilon), x, y) - mlp.Loss(Step(theta, d, -Epsilon), x, y)) / (2 * Epsilon);
            Assert.Equal(numeric, Dot(gradient, d), Tolerance * Math.Max(1, Math.Abs(numeric)));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Hessian_vector_product_matches_finite_differences_of_the_gradient(int[] sizes)
    {
        var (mlp, theta, x, y) = Setup(sizes, points: 6);
        var v = Uniform(theta.Length, 7);
        var hv = new double[theta.Length];
        var gradient = new double[theta.Length];
        mlp.HessianVectorProduct(theta, x, y, v, hv, gradient);
        var plus = new double[theta.Length];
        var minus = new double[theta.Length];
        mlp.Gradient(Step(theta, v, Epsilon), x, y, plus);
        mlp.Gradient(Step(theta, v, -Epsilon), x, y, minus);
        var numeric = plus.Zip(minus, (p, m) => (p - m) / (2 * Epsilon)).ToArray();
        Assert.True(RelativeError(hv, numeric) < 1e-5, $"H·v error {RelativeError(hv, numeric)}");

        var plain = new double[theta.Length];
        mlp.Gradient(theta, x, y, plain);
        Assert.Equal(plain, gradient);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Second_order_maml_meta_gradient_matches_finite_differences(int steps)
    {
        var (mlp, theta, task) = MamlSetup(new[] { 1, 40, 40, 1 });
        var metaGradient = new double[theta.Length];
        double[] alpha = [0.01];
        MamlReference.MetaGradient(mlp, theta, alpha, task.Task, steps, firstOrder: false, metaGradient, default);
        for (var seed = 0; seed < 3; seed++)
        {
            var d = Uniform(theta.Length, 200 + seed);
            var numeric = (MamlReference.MetaLoss(mlp, Step(theta, d, Epsilon), alpha, task.Task, steps)
                         - MamlReference.MetaLoss(mlp, Step(theta, d, -Epsilon), alpha, task.Task, steps)) / (2 * Epsilon);
            Assert.Equal(numeric, Dot(metaGradient, d), Tolerance * Math.Max(1, Math.Abs(numeric)));
        }
    }

    [Fact]
    public void First_order_maml_returns_the_validation_gradient_at_the_adapted_parameters()
    {
        var (mlp, theta, task) = MamlSetup(new[] { 3, 7, 5, 2 });
        const double alpha = 0.05;
        var metaGradient = new double[theta.Length];
        MamlReference.MetaGradient(mlp, theta, [alpha], task.Task, 2, firstOrder: true, metaGradient, default);

        var adapted = theta.ToArray();
        var step = new double[theta.Length];
        for (var k = 0; k < 2; k++)
        {
            mlp.Gradient(adapted, task.Task.XTrain, task.Task.YTrain, step);
            for (var i = 0; i < adapted.Length; i++) adapted[i] -= alpha * step[i];
        }
        var expected = new double[theta.Length];
        mlp.Gradient(adapted, task.Task.XValidation, task.Task.YValidation, expected);
        Assert.Equal(expected, metaGradient);
    }

    [Fact]
    public void Meta_sgd_rate_gradient_and_meta_gradient_match_finite_differences()
    {
        var (mlp, theta, task) = MamlSetup(new[] { 2, 6, 6, 1 });
        var rates = Uniform(theta.Length, 5).Select(r => 0.02 + 0.01 * r).ToArray();
        var metaGradient = new double[theta.Length];
        var rateGradient = new double[theta.Length];
        MamlReference.MetaGradient(mlp, theta, rates, task.Task, 2, firstOrder: false, metaGradient, rateGradient);
        var d = Uniform(theta.Length, 9);

        var numericRates = (MamlReference.MetaLoss(mlp, theta, Step(rates, d, Epsilon), task.Task, 2)
                          - MamlReference.MetaLoss(mlp, theta, Step(rates, d, -Epsilon), task.Task, 2)) / (2 * Epsilon);
        Assert.Equal(numericRates, Dot(rateGradient, d), Tolerance * Math.Max(1, Math.Abs(numericRates)));

        var numericTheta = (MamlReference.MetaLoss(mlp, Step(theta, d, Epsilon), rates, task.Task, 2)
                          - MamlReference.MetaLoss(mlp, Step(theta, d, -Epsilon), rates, task.Task, 2)) / (2 * Epsilon);
        Assert.Equal(numericTheta, Dot(metaGradient, d), Tolerance * Math.Max(1, Math.Abs(numericTheta)));
    }

    [Fact]
    public void Mismatched_lengths_are_rejected_with_the_argument_named()
    {
        var mlp = new MlpReference(MlpShape.Sinusoid);
        var error = Assert.Throws<ArgumentException>(() => mlp.Gradient(new double[10], new double[2], new double[2], new double[10]));
        Assert.Contains("1761", error.Message);
    }

    private static (MlpReference Mlp, double[] Theta, double[] X, double[] Y) Setup(int[] sizes, int points)
    {
        var shape = new MlpShape(sizes);
        return (new MlpReference(shape), Theta(shape, 1), Uniform(points * shape.InputSize, 2, 3), Uniform(points * shape.OutputSize, 3, 2));
    }

    private static (MlpReference Mlp, double[] Theta, TaskArrays Task) MamlSetup(int[] sizes)
    {
        var shape = new MlpShape(sizes);
        var (xTrain, yTrain, xVal, yVal) = SinusoidTasks(shape, 1, 10, 12, 4);
        return (new MlpReference(shape), Theta(shape, 2), new TaskArrays(xTrain, yTrain, xVal, yVal));
    }

    private sealed record TaskArrays(double[] XTrain, double[] YTrain, double[] XVal, double[] YVal)
    {
        public MlpTask Task => new(XTrain, YTrain, XVal, YVal);
    }
}
