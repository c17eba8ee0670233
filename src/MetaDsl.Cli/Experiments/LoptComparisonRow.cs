namespace MetaDsl.Cli.Experiments;

/// <summary>
/// The learned optimizer against tuned Adam in one setting: mean curves over the held-out tasks of
/// the support (training) loss after each step, and the mean query loss at the end.
/// </summary>
/// <param name="Setting">What differs from meta-training, e.g. "4x wider".</param>
/// <param name="Learner">The target trained.</param>
/// <param name="Steps">Steps of each training run.</param>
/// <param name="AdamLearningRate">Adam's learning rate, the best of the grid on tuning tasks.</param>
/// <param name="LearnedCurve">The learned optimizer's mean support loss after 0 … Steps steps (infinite when any run diverged).</param>
/// <param name="AdamCurve">Adam's, likewise.</param>
/// <param name="LearnedQuery">The learned optimizer's mean query loss at the end.</param>
/// <param name="AdamQuery">Adam's.</param>
/// <param name="LearnedWins">Tasks on which the learned optimizer's final support loss is the lower.</param>
/// <param name="Tasks">Held-out tasks.</param>
internal sealed record LoptComparisonRow(
    string Setting,
    string Learner,
    int Steps,
    double AdamLearningRate,
    double[] LearnedCurve,
    double[] AdamCurve,
    double LearnedQuery,
    double AdamQuery,
    int LearnedWins,
    int Tasks);
