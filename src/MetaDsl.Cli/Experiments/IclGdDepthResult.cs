namespace MetaDsl.Cli.Experiments;

/// <summary>What <c>train icl-gd</c> measured for one layer count.</summary>
/// <param name="Layers">K.</param>
/// <param name="Rows">gd-best-lr, gd++-best, lsa-constructed and lsa-trained, in that order.</param>
/// <param name="MetaTrainingLoss">The meta-batch query loss at every Adam step.</param>
/// <param name="Seconds">The wall time of the meta-training.</param>
/// <param name="Learner">The trained learner's metadata.</param>
/// <param name="Theta">The trained learner's parameters.</param>
internal sealed record IclGdDepthResult(int Layers, IReadOnlyList<IclGdRow> Rows, double[] MetaTrainingLoss, double Seconds, LearnerInfo Learner, float[] Theta)
{
    /// <summary>The row of <paramref name="method"/>.</summary>
    public IclGdRow this[string method] => Rows.First(r => r.Method == method);
}
