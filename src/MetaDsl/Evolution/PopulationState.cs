namespace MetaDsl.Evolution;

/// <summary>
/// What a population meta-gradient estimator (<see cref="EvolutionStrategies{T}"/>, or truncated backprop's)
/// carries from one estimate to the next, gathered from every rank: restored into an estimator built the
/// same way, the run goes on exactly as if it had not stopped.
/// </summary>
/// <param name="Estimates">Estimates made so far.</param>
/// <param name="CompletedProblems">Inner problems finished so far.</param>
/// <param name="StepsDone">Per unit (an antithetic pair, or one particle), the inner steps done of its current problem.</param>
/// <param name="Episodes">Per unit, how many problems it has finished (which problem it is on).</param>
/// <param name="Particles">Every particle's inner state, particle after particle.</param>
/// <param name="Credits">Per pair, PES's noise summed since its problem began, pair after pair; empty for other estimators.</param>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed record PopulationState<T>(long Estimates, long CompletedProblems, int[] StepsDone, long[] Episodes, T[] Particles, T[] Credits)
    where T : unmanaged
{
    /// <summary>
    /// Checks that this state fits an estimator of <paramref name="units"/> units, <paramref name="particles"/>
    /// particles of <paramref name="stateLength"/> values, <paramref name="creditLength"/> credit values and
    /// problems of <paramref name="horizon"/> steps.
    /// </summary>
    /// <exception cref="ArgumentException">A count or length differs, or a unit's steps are outside its problem.</exception>
    internal void Check(int units, int particles, int stateLength, int creditLength, int horizon)
    {
        static void Require(bool holds, string what)
        {
            if (!holds) throw new ArgumentException($"The population state does not fit this estimator: {what}.", "state");
        }
        Require(Estimates >= 0 && CompletedProblems >= 0, $"{Estimates} estimates and {CompletedProblems} completed problems");
        Require(StepsDone.Length == units, $"{StepsDone.Length} units' steps for {units} units");
        Require(Episodes.Length == units, $"{Episodes.Length} units' episodes for {units} units");
        Require(Particles.Length == (long)particles * stateLength, $"{Particles.Length} particle values for {particles} particles of {stateLength}");
        Require(Credits.Length == creditLength, $"{Credits.Length} credit values for {creditLength}");
        for (int unit = 0; unit < units; unit++)
        {
            Require(StepsDone[unit] >= 0 && StepsDone[unit] < horizon, $"unit {unit} has done {StepsDone[unit]} steps of a {horizon}-step problem");
            Require(Episodes[unit] >= 0, $"unit {unit} is on episode {Episodes[unit]}");
        }
    }
}
