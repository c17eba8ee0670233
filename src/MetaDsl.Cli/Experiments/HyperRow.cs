namespace MetaDsl.Cli.Experiments;

/// <summary>One method of <c>train hyper</c>'s comparison, scored on the test split.</summary>
/// <param name="Method">fixed-decay, grid-decay, per-weight-(neumann|cg|unrolled) or per-weight-retrained.</param>
/// <param name="Description">What the row is, for the table.</param>
/// <param name="LogDecay">The one log decay every weight shares; null where each weight has its own.</param>
/// <param name="ValidationLoss">Cross-entropy on the validation images after training.</param>
/// <param name="TestLoss">Mean cross-entropy on the test images.</param>
/// <param name="TestLossCi95">Half-width of the 95 % interval of <paramref name="TestLoss"/> over test images.</param>
/// <param name="TestAccuracy">Fraction of test images classified right.</param>
/// <param name="TestAccuracyCi95">Half-width of the 95 % interval of <paramref name="TestAccuracy"/>.</param>
/// <param name="ValidationCurve">Validation cross-entropy after each hyper-step's worth of training.</param>
internal sealed record HyperRow(
    string Method,
    string Description,
    double? LogDecay,
    double ValidationLoss,
    double TestLoss,
    double TestLossCi95,
    double TestAccuracy,
    double TestAccuracyCi95,
    double[] ValidationCurve);
