using System.Numerics;
using MetaDsl.Distributed;
using MetaDsl.Evolution;
using MetaDsl.Kernels;

namespace MetaDsl.LearnedOptimizers;

/// <summary>
/// The truncated-backprop meta-gradient estimator over a population of particles, each training its own
/// target: every estimate advances each particle one truncation by <see cref="TargetTrainingProblem{TTarget, TNet, T}.TruncatedGradient"/>
/// and averages their exact gradients. Particles run on all cores and, under <c>mpirun</c>, are split across
/// ranks; gradients are summed in particle order, so an estimate is the same for any thread or rank count.
/// </summary>
/// <remarks>All buffers are allocated here, once (and each thread's tape on its first truncation).</remarks>
public sealed class TruncatedBackpropEstimator<TTarget, TNet, T> : IPopulationEstimator<T>
    where TTarget : ILearner<TTarget>
    where TNet : ILearner<TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TargetTrainingProblem<TTarget, TNet, T> _problem;
    private readonly int _particles, _truncation, _length;
    private readonly ulong _seed;
    private readonly T[] _phi;
    private readonly T[][] _states;
    /// <summary>Per particle its gradient then its summed loss: one block to gather.</summary>
    private readonly T[] _slots;
    private readonly int[] _stepsDone;
    private readonly long[] _episode;
    private readonly Cluster _cluster = Cluster.Current;
    private readonly int _first, _end;
    private readonly WorkerPool? _pool;
    private readonly ParticleWork _work;

    /// <param name="problem">The inner problem every particle trains.</param>
    /// <param name="particles">Particles per estimate.</param>
    /// <param name="truncation">Inner steps per estimate; a problem's last truncation may be shorter.</param>
    /// <param name="seed">Seeds every particle's problems.</param>
    /// <param name="threads">Threads that run particles; 0 means one per core.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1 (threads below 0).</exception>
    public TruncatedBackpropEstimator(TargetTrainingProblem<TTarget, TNet, T> problem, int particles, int truncation, ulong seed, int threads = 0)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentOutOfRangeException.ThrowIfLessThan(particles, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(truncation, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        _problem = problem;
        _particles = particles;
        _truncation = truncation;
        _seed = seed;
        _length = problem.MetaParameterCount;
        _phi = new T[_length];
        (_first, _end) = _cluster.Share(particles, _cluster.Rank);
        _states = new T[particles][];
        for (int p = 0; p < particles; p++) _states[p] = p >= _first && p < _end ? new T[problem.StateLength] : [];
        _slots = new T[particles * (_length + 1)];
        _stepsDone = new int[particles];
        _episode = new long[particles];
        int workers = Math.Max(1, Math.Min(_end - _first, threads == 0 ? Environment.ProcessorCount : threads));
        _pool = workers >= 2 ? WorkerPool.Shared(workers) : null;
        _work = new ParticleWork(this, workers);
    }

    /// <summary>
    /// Advances every particle one truncation and writes the mean of their exact gradients of the summed
    /// inner loss into <paramref name="gradient"/> (descend by subtracting it).
    /// </summary>
    /// <returns>The mean loss per inner step in this truncation.</returns>
    /// <exception cref="ArgumentException">A span's length differs from the problem's meta-parameter count.</exception>
    public T Estimate(ReadOnlySpan<T> phi, Span<T> gradient)
    {
        if (phi.Length != _length) throw new ArgumentException($"phi has {phi.Length} entries; the problem has {_length} meta-parameters.", nameof(phi));
        if (gradient.Length != _length) throw new ArgumentException($"gradient has {gradient.Length} entries; the problem has {_length} meta-parameters.", nameof(gradient));
        phi.CopyTo(_phi);
        if (_pool is null) _work.Run(0);
        else _pool.Run(_work);
        _cluster.Gather<T>(_slots, _particles, _length + 1);

        gradient.Clear();
        var total = T.Zero;
        long steps = 0;
        var scale = T.One / T.CreateChecked(_particles);
        for (int p = 0; p < _particles; p++)
        {
            var slot = _slots.AsSpan(p * (_length + 1), _length + 1);
            for (int i = 0; i < _length; i++) gradient[i] += scale * slot[i];
            total += slot[_length];
            int done = Steps(p);
            steps += done;
            _stepsDone[p] += done;
            if (_stepsDone[p] < _problem.Horizon) continue;
            _stepsDone[p] = 0;
            _episode[p]++;
            CompletedProblems++;
        }
        Estimates++;
        return total / T.CreateChecked(steps);
    }

    /// <summary>Estimates made so far.</summary>
    public long Estimates { get; private set; }

    /// <summary>Inner problems every particle has finished.</summary>
    public long CompletedProblems { get; private set; }

    /// <summary>
    /// The particles' state after the estimates so far, with every rank's particles: under <c>mpirun</c> every
    /// rank must call it at the same estimate.
    /// </summary>
    public PopulationState<T> CaptureState()
    {
        int stateLength = _problem.StateLength;
        var particles = new T[_particles * stateLength];
        for (int p = _first; p < _end; p++) _states[p].CopyTo(particles.AsSpan(p * stateLength));
        _cluster.Gather<T>(particles, _particles, stateLength);
        return new PopulationState<T>(Estimates, CompletedProblems, (int[])_stepsDone.Clone(), (long[])_episode.Clone(), particles, []);
    }

    /// <summary>Continues from <paramref name="state"/>, captured from an estimator with the same problem, particles and truncation (any thread or rank count).</summary>
    /// <exception cref="ArgumentException">The state's counts or lengths do not fit this estimator.</exception>
    public void RestoreState(PopulationState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int stateLength = _problem.StateLength;
        state.Check(_particles, _particles, stateLength, 0, _problem.Horizon);
        for (int p = _first; p < _end; p++) state.Particles.AsSpan(p * stateLength, stateLength).CopyTo(_states[p]);
        state.StepsDone.CopyTo(_stepsDone, 0);
        state.Episodes.CopyTo(_episode, 0);
        Estimates = state.Estimates;
        CompletedProblems = state.CompletedProblems;
    }

    private int Steps(int particle) => Math.Min(_truncation, _problem.Horizon - _stepsDone[particle]);

    private void RunParticle(int particle)
    {
        var state = _states[particle];
        if (_stepsDone[particle] == 0) _problem.Reset(state, ProblemSeed(particle));
        var slot = _slots.AsSpan(particle * (_length + 1), _length + 1);
        slot[_length] = _problem.TruncatedGradient(_phi, state, Steps(particle), slot[.._length]);
    }

    private ulong ProblemSeed(int particle)
    {
        var rng = new SplitMix64(_seed ^ 0xB5297A4D_3F84D5B5UL);
        ulong h = rng.Next() ^ (ulong)_episode[particle];
        h = new SplitMix64(h).Next() ^ (ulong)particle;
        return new SplitMix64(h).Next();
    }

    /// <summary>Worker w runs this rank's particles w, w + workers, ….</summary>
    private sealed class ParticleWork(TruncatedBackpropEstimator<TTarget, TNet, T> owner, int workers) : WorkerPool.IWork
    {
        public void Run(int worker)
        {
            for (int p = owner._first + worker; p < owner._end; p += workers) owner.RunParticle(p);
        }
    }
}
