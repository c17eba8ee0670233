namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>
/// Double-precision reference of the MAML / Meta-SGD meta-gradient for one task, by the recurrences
/// of DESIGN.md §5 (the same the GPU kernels run, see maml_device.cu). Rates are one value (MAML's
/// alpha) or one per parameter (Meta-SGD).
/// </summary>
public static class MamlReference
{
    /// <summary>The meta-objective L_val(theta_K(theta, rates)), the function the meta-gradient differentiates.</summary>
    public static double MetaLoss(MlpReference mlp, ReadOnlySpan<double> theta, ReadOnlySpan<double> rates, MlpTask task, int steps)
    {
        var adapted = Adapt(mlp, theta, rates, task, steps, out _);
        return mlp.Loss(adapted[steps], task.XValidation, task.YValidation);
    }

    /// <summary>
    /// Writes d L_val(theta_K) / d theta into <paramref name="metaGradient"/> (second order exactly, or
    /// first order dropping the Hessian terms) and, when <paramref name="rateGradient"/> is not
    /// empty, d L_val / d rates (its length must equal <paramref name="rates"/>'). Returns L_val(theta_K).
    /// </summary>
    public static double MetaGradient(MlpReference mlp, ReadOnlySpan<double> theta, ReadOnlySpan<double> rates, MlpTask task,
        int steps, bool firstOrder, Span<double> metaGradient, Span<double> rateGradient)
    {
        var count = mlp.Shape.ParameterCount;
        if (metaGradient.Length != count)
            throw new ArgumentException($"metaGradient needs {count} values, has {metaGradient.Length}.", nameof(metaGradient));
        if (!rateGradient.IsEmpty && rateGradient.Length != rates.Length)
            throw new ArgumentException($"rateGradient needs {rates.Length} values, has {rateGradient.Length}.", nameof(rateGradient));

        var thetas = Adapt(mlp, theta, rates, task, steps, out var trainGradients);
        var g = new double[count];
        var loss = mlp.Gradient(thetas[steps], task.XValidation, task.YValidation, g);
        rateGradient.Clear();
        var u = new double[count];
        var hv = new double[count];
        for (var k = steps - 1; k >= 0; k--)
        {
            // d/drate: theta_{k+1} depends on rate through -rate ⊙ grad_k; g currently holds g_{k+1}.
            for (var i = 0; i < count && !rateGradient.IsEmpty; i++)
                rateGradient[rates.Length == 1 ? 0 : i] -= trainGradients[k][i] * g[i];
            if (firstOrder) continue;
            for (var i = 0; i < count; i++) u[i] = Rate(rates, i) * g[i];
            mlp.HessianVectorProduct(thetas[k], task.XTrain, task.YTrain, u, hv);
            for (var i = 0; i < count; i++) g[i] -= hv[i];
        }
        g.CopyTo(metaGradient);
        return loss;
    }

    // theta_0 .. theta_K and the train gradients at theta_0 .. theta_{K-1}.
    private static double[][] Adapt(MlpReference mlp, ReadOnlySpan<double> theta, ReadOnlySpan<double> rates, MlpTask task,
        int steps, out double[][] trainGradients)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        var count = mlp.Shape.ParameterCount;
        if (rates.Length != 1 && rates.Length != count)
            throw new ArgumentException($"rates must hold 1 or {count} values, not {rates.Length}.", nameof(rates));
        var thetas = new double[steps + 1][];
        trainGradients = new double[steps][];
        thetas[0] = theta.ToArray();
        for (var k = 0; k < steps; k++)
        {
            trainGradients[k] = new double[count];
            mlp.Gradient(thetas[k], task.XTrain, task.YTrain, trainGradients[k]);
            thetas[k + 1] = new double[count];
            for (var i = 0; i < count; i++) thetas[k + 1][i] = thetas[k][i] - Rate(rates, i) * trainGradients[k][i];
        }
        return thetas;
    }

    private static double Rate(ReadOnlySpan<double> rates, int i) => rates.Length == 1 ? rates[0] : rates[i];
}
