using System.Numerics;
using System.Numerics.Tensors;
using MetaDsl.Kernels;
using MetaDsl.Optimizers;
using MetaDsl.Training;

namespace MetaDsl.InContext;

/// <summary>
/// Meta-trains an in-context learner (a linear self-attention stack, a causal transformer) by Adam on its
/// generated gradient: every step redraws a meta-batch of tasks and descends their mean loss. There is no
/// inner loop; the learner adapts to a task in its forward pass. Chunks of the meta-batch run on a fixed
/// pool of threads, each into its own gradient slot, and the slots are summed in chunk order, so a run is
/// the same bit for bit for any thread count. All buffers are allocated once. Optionally each step's gradient
/// is clipped and the learning rate follows a cosine to zero.
/// </summary>
/// <typeparam name="TLearner">The learner, taking a chunk of the task source (by default a <see cref="RegressionTaskSet{T}"/>).</typeparam>
/// <typeparam name="T">float or double.</typeparam>
public sealed class AttentionTrainer<TLearner, T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IInContextTasks<T> _tasks;
    private readonly Adam<T> _adam;
    private readonly T[] _gradient;
    private readonly ChunkGradients _work;
    private readonly WorkerPool? _pool;
    private readonly T? _clip;
    private readonly double _learningRate;
    private readonly int? _decaySteps;
    private SplitMix64 _rng;
    private int _steps;

    /// <summary>Initializes the learner from <paramref name="seed"/> and allocates every buffer; tasks are fresh regression tasks.</summary>
    /// <param name="metaBatch">Tasks per step.</param>
    /// <param name="chunkSize">Tasks per gradient call; fixed apart from the thread count so results do not depend on it.</param>
    /// <param name="learningRate">Adam's step size (at the first step, when it decays).</param>
    /// <param name="threads">Threads that share the chunks.</param>
    /// <param name="seed">Seeds the initialization and the task stream.</param>
    /// <param name="clip">
    /// The most Euclidean norm a step's gradient keeps (null: unclipped). A meta-batch whose tasks are nearly
    /// singular can give a gradient far larger than usual, since a K-layer model is a polynomial of degree
    /// 3^K in the tokens; clipping keeps one such batch from throwing a deep stack off.
    /// </param>
    /// <param name="decaySteps">
    /// When given, the learning rate follows a cosine from <paramref name="learningRate"/> down to 0 at this
    /// step (and stays 0 after): deep stacks that descend fast early can diverge late at a constant rate.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the thread count is less than 1, or the learning rate, the clip or the decay steps are not positive.</exception>
    public AttentionTrainer(int metaBatch, int chunkSize, double learningRate, int threads, int seed, double? clip = null, int? decaySteps = null)
        : this(new RegressionTaskSet<T>(metaBatch, chunkSize), learningRate, threads, seed, clip, decaySteps)
    {
    }

    /// <summary>Initializes the learner from <paramref name="seed"/> and allocates every buffer; every step redraws <paramref name="tasks"/>.</summary>
    /// <param name="tasks">The meta-batch, redrawn in place at every step from the trainer's stream.</param>
    /// <param name="learningRate">Adam's step size (at the first step, when it decays).</param>
    /// <param name="threads">Threads that share the chunks.</param>
    /// <param name="seed">Seeds the initialization and the task stream.</param>
    /// <param name="clip">The most Euclidean norm a step's gradient keeps (null: unclipped).</param>
    /// <param name="decaySteps">When given, the learning rate follows a cosine from <paramref name="learningRate"/> down to 0 at this step (and stays 0 after).</param>
    /// <exception cref="ArgumentOutOfRangeException">The thread count is less than 1, or the learning rate, the clip or the decay steps are not positive.</exception>
    public AttentionTrainer(IInContextTasks<T> tasks, double learningRate, int threads, int seed, double? clip = null, int? decaySteps = null)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (!(learningRate > 0 && double.IsFinite(learningRate))) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive.");
        if (clip is { } c && !(c > 0 && double.IsFinite(c))) throw new ArgumentOutOfRangeException(nameof(clip), clip, "The clip must be positive.");
        if (decaySteps is { } decay) ArgumentOutOfRangeException.ThrowIfLessThan(decay, 1, nameof(decaySteps));
        _clip = clip is { } limit ? T.CreateChecked(limit) : null;
        _learningRate = learningRate;
        _decaySteps = decaySteps;
        _tasks = tasks;
        int length = TLearner.Info.ParameterCount;
        Theta = new T[length];
        TLearner.Initialize<T>(Theta, seed);
        _adam = new Adam<T>(length, T.CreateChecked(learningRate));
        _gradient = new T[length];
        _work = new ChunkGradients(this, Math.Min(threads, _tasks.Chunks.Count));
        _pool = _work.Workers > 1 ? WorkerPool.Shared(_work.Workers) : null;
        _rng = new SplitMix64(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5DEECE66DUL));
    }

    /// <summary>The learner's parameters, updated in place by <see cref="Step"/>.</summary>
    public T[] Theta { get; }

    /// <summary>
    /// Takes one <see cref="Step"/> per entry of <paramref name="losses"/>, writing each step's loss and reporting
    /// progress, until done or <paramref name="cancellation"/> is requested; returns true when stopped early.
    /// </summary>
    public bool Train(Span<double> losses, IProgress<TrainingProgress>? progress, CancellationToken cancellation)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (int step = 1; step <= losses.Length; step++)
        {
            if (cancellation.IsCancellationRequested) return true;
            losses[step - 1] = Step();
            progress?.Report(new TrainingProgress(step, losses.Length, losses[step - 1], step / Math.Max(clock.Elapsed.TotalSeconds, 1e-9), clock.Elapsed));
        }
        return false;
    }

    /// <summary>Redraws the meta-batch, takes one Adam step on its mean loss and returns that loss (before the step).</summary>
    public double Step()
    {
        _tasks.Sample(ref _rng);
        _work.Reset();
        if (_pool is null) _work.Run(0);
        else _pool.Run(_work);
        T loss = _work.Sum(_gradient, _tasks.Count);
        if (_clip is { } clip) GradientClipping.ClipByNorm<T>(_gradient, clip);
        if (_decaySteps is { } decay)
            _adam.LearningRate = T.CreateChecked(_learningRate * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(_steps, decay) / decay)));
        _steps++;
        _adam.Step(Theta, _gradient);
        return double.CreateChecked(loss);
    }

    /// <summary>Chunks claimed one at a time by the workers, each chunk's loss-weighted gradient into its own slot.</summary>
    private sealed class ChunkGradients(AttentionTrainer<TLearner, T> owner, int workers) : WorkerPool.IWork
    {
        private readonly T[] _slots = new T[owner._tasks.Chunks.Count * owner._gradient.Length];
        private readonly T[] _losses = new T[owner._tasks.Chunks.Count];
        private int _next;

        public int Workers { get; } = workers;

        public void Reset() => _next = 0;

        public void Run(int worker)
        {
            var chunks = owner._tasks.Chunks;
            int length = owner._gradient.Length;
            for (int c = Interlocked.Increment(ref _next) - 1; c < chunks.Count; c = Interlocked.Increment(ref _next) - 1)
            {
                var slot = _slots.AsSpan(c * length, length);
                // A chunk's loss is its own mean; weighting by its task count makes the sum the meta-batch mean.
                T size = T.CreateChecked(chunks[c][0].Shape[0]);
                _losses[c] = TLearner.Gradient(owner.Theta, chunks[c], slot) * size;
                TensorPrimitives.Multiply(slot, size, slot);
            }
        }

        /// <summary>Writes the meta-batch mean gradient (slots summed in chunk order) and returns the mean loss.</summary>
        public T Sum(Span<T> gradient, int tasks)
        {
            int length = gradient.Length;
            _slots.AsSpan(0, length).CopyTo(gradient);
            T loss = _losses[0];
            for (int c = 1; c < _losses.Length; c++)
            {
                TensorPrimitives.Add(gradient, _slots.AsSpan(c * length, length), gradient);
                loss += _losses[c];
            }
            T count = T.CreateChecked(tasks);
            TensorPrimitives.Divide(gradient, count, gradient);
            return loss / count;
        }
    }
}
