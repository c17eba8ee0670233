using System.Numerics;
using MetaDsl.Learners;

namespace MetaDsl.InContext;

/// <summary>
/// The weights von Oswald et al. (2023) construct for linear self-attention, which make each layer one step
/// of gradient descent from w = 0 on the context's squared loss: W_KQ = [[I, 0], [0, 0]] (keys and queries
/// read x) and W_PV = [[0, 0], [0, −η]] (the value is y, written back into the y-slot scaled by −η). A token's
/// y-slot then moves by −η/N Σ_i y_i x_iᵀx_j: the query's becomes −ŷ of one step, and each context token's
/// becomes its residual, which the next layer descends on.
/// </summary>
public static class AttentionConstruction
{
    /// <summary>
    /// Writes the construction at learning rate <paramref name="learningRate"/> into every layer of a
    /// learner laid out as <see cref="LinearSelfAttention1"/> is (parameters <c>Wkq</c> and <c>Wpv</c>,
    /// each [layers, 11, 11]).
    /// </summary>
    /// <exception cref="ArgumentException">The learner lacks those parameters or <paramref name="theta"/> is not its length.</exception>
    public static void Write<TLearner, T>(Span<T> theta, double learningRate)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var info = TLearner.Info;
        if (theta.Length != info.ParameterCount) throw new ArgumentException($"{info.Name} has {info.ParameterCount} parameters, theta {theta.Length}.", nameof(theta));
        const int width = RegressionTokens.Width, d = RegressionTokens.Dimension;
        var keyQuery = Layers(info, "Wkq", theta);
        var projectValue = Layers(info, "Wpv", theta);
        keyQuery.Clear();
        projectValue.Clear();
        for (int layer = 0; layer < keyQuery.Length / (width * width); layer++)
        {
            int offset = layer * width * width;
            for (int j = 0; j < d; j++) keyQuery[offset + j * width + j] = T.One;
            projectValue[offset + RegressionTokens.Target * width + RegressionTokens.Target] = T.CreateChecked(-learningRate);
        }
    }

    private static Span<T> Layers<T>(LearnerInfo info, string name, Span<T> theta)
    {
        var parameter = info.Parameters.FirstOrDefault(p => p.Name == name);
        if (parameter is null || parameter.Shape.Length != 3 || parameter.Shape[1] != RegressionTokens.Width || parameter.Shape[2] != RegressionTokens.Width)
            throw new ArgumentException($"{info.Name} has no parameter {name} shaped [layers, {RegressionTokens.Width}, {RegressionTokens.Width}].", nameof(info));
        return theta.Slice(parameter.Offset, parameter.Size);
    }
}
