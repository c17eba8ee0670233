using System.Numerics;
using MetaDsl.Learners;

namespace MetaDsl.InContext;

/// <summary>
/// The weights von Oswald et al. (2023) construct for linear self-attention, which make each layer one step
/// of gradient descent from w = 0 on the context's squared loss: W_KQ = [[I, 0], [0, 0]] (keys and queries
/// read x) and W_PV = [[0, 0], [0, −η]] (the value is y, written back into the y-slot scaled by −η). A token's
/// y-slot then moves by −η/N Σ_i y_i x_iᵀx_j: the query's becomes −ŷ of one step, and each context token's
/// becomes its residual, which the next layer descends on. The paper's GD++ adds W_PV's x-block −γI: each
/// layer also moves every x by −γ (1/N) Σ_i x_i x_iᵀ x, a curvature correction that preconditions the next step.
/// </summary>
public static class AttentionConstruction
{
    /// <summary>
    /// Writes the construction at learning rate <paramref name="learningRate"/> into every layer of a
    /// learner laid out as <see cref="LinearSelfAttention1"/> is (parameters <c>Wkq</c> and <c>Wpv</c>,
    /// each [layers, 11, 11]); a nonzero <paramref name="curvature"/> γ makes it GD++.
    /// </summary>
    /// <exception cref="ArgumentException">The learner lacks those parameters or <paramref name="theta"/> is not its length.</exception>
    public static void Write<TLearner, T>(Span<T> theta, double learningRate, double curvature = 0)
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
            for (int j = 0; j < d; j++)
            {
                keyQuery[offset + j * width + j] = T.One;
                projectValue[offset + j * width + j] = T.CreateChecked(-curvature);
            }
            projectValue[offset + RegressionTokens.Target * width + RegressionTokens.Target] = T.CreateChecked(-learningRate);
        }
    }

    /// <summary>
    /// The GD++ weights of <paramref name="rates"/> × <paramref name="curvatures"/> (the same in every layer)
    /// whose query error over <paramref name="tasks"/> is least, run through the learner's generated loss; the
    /// first such pair on a tie.
    /// </summary>
    /// <exception cref="ArgumentException">A grid is empty.</exception>
    public static (double LearningRate, double Curvature, double Mse) BestPlusPlus<TLearner, T>(RegressionTaskSet<T> tasks, IReadOnlyList<double> rates, IReadOnlyList<double> curvatures)
        where TLearner : ILearner<TLearner>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(curvatures);
        if (rates.Count == 0 || curvatures.Count == 0) throw new ArgumentException("A GD++ grid is empty.", nameof(rates));
        var theta = new T[TLearner.Info.ParameterCount];
        var best = (LearningRate: rates[0], Curvature: curvatures[0], Mse: double.PositiveInfinity);
        foreach (double curvature in curvatures)
            foreach (double rate in rates)
            {
                Write<TLearner, T>(theta, rate, curvature);
                double sum = 0;
                foreach (var chunk in tasks.Chunks) sum += double.CreateChecked(TLearner.Loss<T>(theta, chunk)) * chunk[1].Length;
                double mse = sum / tasks.Count;
                if (mse < best.Mse) best = (rate, curvature, mse);
            }
        return best;
    }

    private static Span<T> Layers<T>(LearnerInfo info, string name, Span<T> theta)
    {
        var parameter = info.Parameters.FirstOrDefault(p => p.Name == name);
        if (parameter is null || parameter.Shape.Length != 3 || parameter.Shape[1] != RegressionTokens.Width || parameter.Shape[2] != RegressionTokens.Width)
            throw new ArgumentException($"{info.Name} has no parameter {name} shaped [layers, {RegressionTokens.Width}, {RegressionTokens.Width}].", nameof(info));
        return theta.Slice(parameter.Offset, parameter.Size);
    }
}
