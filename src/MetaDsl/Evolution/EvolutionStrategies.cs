using System.Numerics;
using MetaDsl.Distributed;
using MetaDsl.Kernels;

namespace MetaDsl.Evolution;

/// <summary>
/// Antithetic evolution strategies over an unrolled inner problem: each estimate perturbs phi by
/// ±sigma·z for every pair, advances both particles one truncation, and weights z by the difference
/// of their losses. Truncated ES credits a truncation to its own z; PES to every z since the
/// particle's inner problem began. Particles run on all cores; the estimate is reduced in pair order,
/// so it is the same for a seed whatever the thread count.
/// </summary>
/// <remarks>
/// Under <c>mpirun</c> each rank unrolls its <see cref="Cluster.Share"/> of the pairs and the losses are
/// gathered; every rank draws every pair's noise (a function of the seed, the estimate and the pair) and
/// reduces in the same order, so every rank holds the single-process estimate bit for bit. A rank keeps
/// inner states for its own pairs only. All buffers are allocated here, once; an estimate allocates nothing.
/// </remarks>
public sealed class EvolutionStrategies<T> : IPopulationEstimator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IUnrolledProblem<T> _problem;
    private readonly EvolutionOptions _options;
    private readonly int _length;
    private readonly T[] _center;
    private readonly T[][] _states;
    private readonly T[][] _perturbed;
    private readonly T[][] _noise;
    private readonly T[][] _credit;
    private readonly int[] _stepsDone;
    private readonly long[] _episode;
    private readonly int[] _steps;
    private readonly double[] _losses;
    private readonly double[] _weights;
    private readonly int[] _rank;
    private readonly Cluster _cluster = Cluster.Current;
    private readonly int _firstPair, _endPair;
    private readonly ParticleWork _work;
    private readonly WorkerPool? _pool;
    private readonly Comparison<int> _byLoss;

    /// <summary>Sizes every buffer for <paramref name="problem"/> and <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range, or the problem has no meta-parameters, state or horizon.</exception>
    public EvolutionStrategies(IUnrolledProblem<T> problem, EvolutionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        _options = options ?? new EvolutionOptions();
        _options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(problem.MetaParameterCount, 1, "problem.MetaParameterCount");
        ArgumentOutOfRangeException.ThrowIfLessThan(problem.StateLength, 1, "problem.StateLength");
        ArgumentOutOfRangeException.ThrowIfLessThan(problem.Horizon, 1, "problem.Horizon");
        _problem = problem;
        _length = problem.MetaParameterCount;
        int pairs = _options.Pairs, particles = 2 * pairs;
        _center = new T[_length];
        (_firstPair, _endPair) = _cluster.Share(pairs, _cluster.Rank);
        _states = new T[particles][];
        for (int particle = 0; particle < particles; particle++)
            _states[particle] = particle / 2 >= _firstPair && particle / 2 < _endPair ? new T[problem.StateLength] : [];
        _perturbed = Jagged(particles, _length);
        _noise = Jagged(pairs, _length);
        _credit = Jagged(pairs, _length);
        _stepsDone = new int[pairs];
        _episode = new long[pairs];
        _steps = new int[pairs];
        _losses = new double[particles];
        _weights = new double[particles];
        _rank = new int[particles];
        int threads = Math.Max(1, Math.Min(_endPair - _firstPair, _options.Threads == 0 ? Environment.ProcessorCount : _options.Threads));
        _pool = threads >= 2 ? WorkerPool.Shared(threads) : null;
        _work = new ParticleWork(this, threads);
        // Ties rank by particle index, so the weights are a function of the losses alone.
        _byLoss = (a, b) => _losses[a] != _losses[b] ? _losses[a].CompareTo(_losses[b]) : a.CompareTo(b);
    }

    /// <summary>Estimates made so far.</summary>
    public long Estimates { get; private set; }

    /// <summary>Inner problems every pair has finished.</summary>
    public long CompletedProblems { get; private set; }

    /// <summary>
    /// Advances every particle one truncation and writes the estimate of d/dphi of the summed inner
    /// loss into <paramref name="gradient"/> (ascent direction of the loss: descend by subtracting it).
    /// </summary>
    /// <returns>The population's mean loss per inner step in this truncation.</returns>
    /// <exception cref="ArgumentException">A span's length differs from the problem's meta-parameter count.</exception>
    /// <exception cref="InvalidOperationException">An inner problem returned a loss that is not finite; its particle and step are named.</exception>
    public T Estimate(ReadOnlySpan<T> phi, Span<T> gradient)
    {
        if (phi.Length != _length) throw new ArgumentException($"phi has {phi.Length} entries; the problem has {_length} meta-parameters.", nameof(phi));
        if (gradient.Length != _length) throw new ArgumentException($"gradient has {gradient.Length} entries; the problem has {_length} meta-parameters.", nameof(gradient));
        phi.CopyTo(_center);
        for (int pair = 0; pair < _firstPair; pair++) DrawNoise(pair);
        for (int pair = _endPair; pair < _options.Pairs; pair++) DrawNoise(pair);
        if (_pool is null) _work.Run(0);
        else _pool.Run(_work);
        _cluster.Gather<double>(_losses, _options.Pairs, 2);

        int pairs = _options.Pairs;
        double totalLoss = 0;
        long totalSteps = 0;
        for (int particle = 0; particle < 2 * pairs; particle++)
        {
            int pair = particle / 2;
            if (!double.IsFinite(_losses[particle]))
                throw new InvalidOperationException(
                    $"Particle {particle} (pair {pair}, {(particle % 2 == 0 ? "+" : "-")}sigma) returned loss {_losses[particle]} over inner steps {_stepsDone[pair] + 1}–{_stepsDone[pair] + _steps[pair]} of its problem.");
            totalLoss += _losses[particle];
            totalSteps += _steps[pair];
        }
        Shape();
        gradient.Clear();
        double scale = 1.0 / (2.0 * pairs * _options.Sigma);
        for (int pair = 0; pair < pairs; pair++)
        {
            var weight = T.CreateChecked((_weights[2 * pair] - _weights[2 * pair + 1]) * scale);
            var credit = _options.Estimator == EvolutionEstimator.Persistent ? _credit[pair] : _noise[pair];
            for (int i = 0; i < _length; i++) gradient[i] += weight * credit[i];
        }
        for (int pair = 0; pair < pairs; pair++)
        {
            _stepsDone[pair] += _steps[pair];
            if (_stepsDone[pair] < _problem.Horizon) continue;
            _stepsDone[pair] = 0;
            _episode[pair]++;
            CompletedProblems++;
        }
        Estimates++;
        return T.CreateChecked(totalLoss / totalSteps);
    }

    /// <summary>
    /// The population's state after the estimates so far, with every rank's particles: under <c>mpirun</c> every
    /// rank must call it at the same estimate.
    /// </summary>
    public PopulationState<T> CaptureState()
    {
        int pairs = _options.Pairs, stateLength = _problem.StateLength;
        var particles = new T[2 * pairs * stateLength];
        for (int particle = 2 * _firstPair; particle < 2 * _endPair; particle++)
            _states[particle].CopyTo(particles.AsSpan(particle * stateLength));
        _cluster.Gather<T>(particles, pairs, 2 * stateLength);
        var credits = Persistent ? new T[pairs * _length] : [];
        if (Persistent)
            for (int pair = 0; pair < pairs; pair++) _credit[pair].CopyTo(credits.AsSpan(pair * _length));
        return new PopulationState<T>(Estimates, CompletedProblems, (int[])_stepsDone.Clone(), (long[])_episode.Clone(), particles, credits);
    }

    /// <summary>Continues from <paramref name="state"/>, captured from an estimator with the same problem and options (any thread or rank count).</summary>
    /// <exception cref="ArgumentException">The state's counts or lengths do not fit this estimator.</exception>
    public void RestoreState(PopulationState<T> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        int pairs = _options.Pairs, stateLength = _problem.StateLength;
        state.Check(pairs, 2 * pairs, stateLength, Persistent ? pairs * _length : 0, _problem.Horizon);
        for (int particle = 2 * _firstPair; particle < 2 * _endPair; particle++)
            state.Particles.AsSpan(particle * stateLength, stateLength).CopyTo(_states[particle]);
        if (Persistent)
            for (int pair = 0; pair < pairs; pair++) state.Credits.AsSpan(pair * _length, _length).CopyTo(_credit[pair]);
        state.StepsDone.CopyTo(_stepsDone, 0);
        state.Episodes.CopyTo(_episode, 0);
        Estimates = state.Estimates;
        CompletedProblems = state.CompletedProblems;
    }

    private bool Persistent => _options.Estimator == EvolutionEstimator.Persistent;

    private void Shape()
    {
        int particles = 2 * _options.Pairs;
        if (_options.Shaping == FitnessShaping.None)
        {
            _losses.CopyTo(_weights, 0);
            return;
        }
        for (int p = 0; p < particles; p++) _rank[p] = p;
        Array.Sort(_rank, _byLoss);
        for (int r = 0; r < particles; r++) _weights[_rank[r]] = particles == 1 ? 0 : (double)r / (particles - 1) - 0.5;
    }

    /// <summary>Both particles of one pair: a fresh problem when due, fresh noise, one truncation each.</summary>
    private void RunPair(int pair)
    {
        DrawNoise(pair);
        bool fresh = _stepsDone[pair] == 0;
        ulong problemSeed = Mix(_options.Seed, (ulong)_episode[pair], (ulong)pair, 0xD1B54A32D192ED03UL);
        var noise = _noise[pair];
        for (int side = 0; side < 2; side++)
        {
            int particle = 2 * pair + side;
            if (fresh) _problem.Reset(_states[particle], problemSeed);
            var sigma = T.CreateChecked(side == 0 ? _options.Sigma : -_options.Sigma);
            var perturbed = _perturbed[particle];
            for (int i = 0; i < _length; i++) perturbed[i] = _center[i] + sigma * noise[i];
            _losses[particle] = double.CreateChecked(_problem.Unroll(perturbed, _states[particle], _steps[pair]));
        }
    }

    /// <summary>A pair's noise for this estimate, its PES credit and its truncation's length: what every rank keeps for every pair.</summary>
    private void DrawNoise(int pair)
    {
        // Noise depends on the seed, the estimate and the pair only: the same whichever thread or rank draws it.
        var noise = _noise[pair];
        var rng = new SplitMix64(Mix(_options.Seed, (ulong)Estimates, (ulong)pair, 0x9E3779B97F4A7C15UL));
        for (int i = 0; i < _length; i++) noise[i] = T.CreateChecked(rng.NextGaussian());
        bool fresh = _stepsDone[pair] == 0;
        if (_options.Estimator == EvolutionEstimator.Persistent)
        {
            var credit = _credit[pair];
            if (fresh) Array.Clear(credit);
            for (int i = 0; i < _length; i++) credit[i] += noise[i];
        }
        _steps[pair] = Math.Min(_options.TruncationLength, _problem.Horizon - _stepsDone[pair]);
    }

    private static ulong Mix(ulong seed, ulong a, ulong b, ulong salt)
    {
        var rng = new SplitMix64(seed ^ salt);
        ulong h = rng.Next() ^ a;
        h = new SplitMix64(h).Next() ^ b;
        return new SplitMix64(h).Next();
    }

    private static T[][] Jagged(int count, int length)
    {
        var result = new T[count][];
        for (int i = 0; i < count; i++) result[i] = new T[length];
        return result;
    }

    /// <summary>Worker w runs this rank's pairs w, w + threads, …; a pair's two particles share its noise and its problem, so they run together.</summary>
    private sealed class ParticleWork(EvolutionStrategies<T> owner, int threads) : WorkerPool.IWork
    {
        public void Run(int worker)
        {
            for (int pair = owner._firstPair + worker; pair < owner._endPair; pair += threads) owner.RunPair(pair);
        }
    }
}
