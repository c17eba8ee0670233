namespace MetaDsl.Cli.Experiments;

/// <summary>What <c>train gpicl</c> measured for one size of the pool of training tasks.</summary>
/// <param name="Tasks">The number of training tasks.</param>
/// <param name="Seen">Accuracy at each context position on sequences of the training tasks (test-split images).</param>
/// <param name="Unseen">Accuracy at each context position on sequences of tasks never trained on (test-split images).</param>
/// <param name="MetaTrainingLoss">The meta-batch's mean cross-entropy at every Adam step.</param>
/// <param name="Seconds">The wall time of the meta-training.</param>
internal sealed record GpiclPoolResult(int Tasks, double[] Seen, double[] Unseen, double[] MetaTrainingLoss, double Seconds)
{
    /// <summary>The accuracy over every position on the training tasks.</summary>
    public double SeenAccuracy => Seen.Average();

    /// <summary>The accuracy over every position on unseen tasks.</summary>
    public double UnseenAccuracy => Unseen.Average();

    /// <summary>The mean of the first quarter of <paramref name="byPosition"/>: little context.</summary>
    public static double Early(double[] byPosition) => byPosition.Take(Math.Max(1, byPosition.Length / 4)).Average();

    /// <summary>The mean of the last quarter of <paramref name="byPosition"/>: the most context.</summary>
    public static double Late(double[] byPosition) => byPosition.TakeLast(Math.Max(1, byPosition.Length / 4)).Average();
}
