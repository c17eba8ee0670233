using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using MetaDsl.Tasks;

namespace MetaDsl.Meta;

/// <summary>
/// One worker's prototypical-network episode: embeddings by <c>Predict</c>, class means of the
/// support embeddings, logits −||q − c_j||², softmax cross entropy on the query, and the exact
/// gradient: dLoss/dEmbeddings by hand, then pulled back to theta through the learner's
/// generated <c>PredictPullback</c>, which writes J(theta)ᵀ·c.
/// </summary>
internal sealed class ProtoNetStep<TLearner, T> : ITaskGradient<T>
    where TLearner : ILearner<TLearner>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private static readonly T Two = T.CreateChecked(2);
    private readonly ConditionalWeakTable<Batch<T>, EmbeddingBindings<T>> _bindings = new();
    private readonly T[] _pulledBack;
    // Sized by the number of classes and the embedding width, so they grow on first use only.
    private T[] _prototypes = [];
    private T[] _prototypeGradient = [];
    private T[] _probabilities = [];
    private int[] _counts = [];

    /// <summary>Allocates the gradient scratch.</summary>
    public ProtoNetStep() => _pulledBack = new T[TLearner.Info.ParameterCount];

    /// <summary>Returns the mean query cross entropy and the fraction of query examples classified correctly.</summary>
    public T Evaluate(ReadOnlySpan<T> theta, MetaTask<T> task, out double accuracy)
    {
        var (support, query) = Prepare(task);
        Embed(theta, support, query);
        T loss = Score(support, query, support.Embeddings, query.Embeddings, default, default, withGradient: false, out int correct);
        accuracy = (double)correct / query.Rows;
        return loss;
    }

    /// <summary>Writes dLoss/dtheta into <paramref name="gradient"/> and returns the mean query cross entropy.</summary>
    public T Compute(ReadOnlySpan<T> inputs, MetaTask<T> task, Span<T> gradient)
    {
        var (support, query) = Prepare(task);
        Embed(inputs, support, query);
        T loss = Score(support, query, support.Embeddings, query.Embeddings, support.Cotangent, query.Cotangent, withGradient: true, out _);
        TLearner.PredictPullback<T>(inputs, support.Forward, support.Cotangent, gradient);
        TLearner.PredictPullback<T>(inputs, query.Forward, query.Cotangent, _pulledBack);
        TensorPrimitives.Add(gradient, _pulledBack, gradient);
        return loss;
    }

    /// <summary>Binds <paramref name="task"/>'s support and query sets (on first sight of each batch) and checks that they embed equally wide.</summary>
    public (EmbeddingBindings<T> Support, EmbeddingBindings<T> Query) Prepare(MetaTask<T> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var support = Bind(task.Support);
        var query = Bind(task.Query);
        if (support.Dim != query.Dim)
            throw new ArgumentException($"{TLearner.Info.Name}: support embeddings are {support.Dim} wide but query embeddings {query.Dim}.", nameof(task));
        return (support, query);
    }

    /// <summary>
    /// The episode's mean query cross entropy from embeddings computed elsewhere (here on the CPU, or by a device launch):
    /// class means of <paramref name="supportEmbeddings"/> as prototypes, logits −||q − c_j||² for each row of
    /// <paramref name="queryEmbeddings"/>; with <paramref name="withGradient"/>, dLoss/dEmbeddings into the two cotangents.
    /// <paramref name="correct"/> counts query rows whose nearest prototype is their class.
    /// </summary>
    public T Score(EmbeddingBindings<T> support, EmbeddingBindings<T> query, ReadOnlySpan<T> supportEmbeddings, ReadOnlySpan<T> queryEmbeddings,
        Span<T> supportCotangent, Span<T> queryCotangent, bool withGradient, out int correct)
    {
        int d = support.Dim;
        int ways = Decode(support, 0);
        if (Decode(query, ways) > ways)
            throw new ArgumentException($"{TLearner.Info.Name}: a query label is not among the {ways} support classes.", nameof(query));
        Grow(ways, d);

        var prototypes = _prototypes.AsSpan(0, ways * d);
        prototypes.Clear();
        Array.Clear(_counts, 0, ways);
        for (int i = 0; i < support.Rows; i++)
        {
            int c = support.ClassOf[i];
            _counts[c]++;
            TensorPrimitives.Add(prototypes.Slice(c * d, d), supportEmbeddings.Slice(i * d, d), prototypes.Slice(c * d, d));
        }
        for (int c = 0; c < ways; c++)
        {
            if (_counts[c] == 0)
                throw new ArgumentException($"{TLearner.Info.Name}: class {c} has no support example (labels must be 0 … N−1, each present).", nameof(support));
            TensorPrimitives.Divide(prototypes.Slice(c * d, d), T.CreateChecked(_counts[c]), prototypes.Slice(c * d, d));
        }

        var gradPrototypes = _prototypeGradient.AsSpan(0, ways * d);
        gradPrototypes.Clear();
        var p = _probabilities.AsSpan(0, ways);
        T scale = T.One / T.CreateChecked(query.Rows);
        T loss = T.Zero;
        correct = 0;
        for (int q = 0; q < query.Rows; q++)
        {
            var embedding = queryEmbeddings.Slice(q * d, d);
            int label = query.ClassOf[q];
            int best = 0;
            for (int c = 0; c < ways; c++)
            {
                p[c] = -SquaredDistance(embedding, prototypes.Slice(c * d, d));
                if (p[c] > p[best]) best = c;
            }
            if (best == label) correct++;
            // Cross entropy −z_label + logsumexp(z), shifted by the max logit for stability.
            T max = p[best], sum = T.Zero;
            for (int c = 0; c < ways; c++) sum += T.Exp(p[c] - max);
            T logSum = max + T.Log(sum);
            loss += logSum - p[label];
            if (!withGradient) continue;

            // dL/dz_c = (softmax_c − [c = label]) / n_query; z_c = −||q − c_c||² gives
            // dq = −2 Σ_c dz_c (q − c_c) and dc_c = 2 dz_c (q − c_c).
            var dq = queryCotangent.Slice(q * d, d);
            dq.Clear();
            for (int c = 0; c < ways; c++)
            {
                T dz = (T.Exp(p[c] - logSum) - (c == label ? T.One : T.Zero)) * scale;
                for (int j = 0; j < d; j++)
                {
                    T diff = embedding[j] - prototypes[c * d + j];
                    dq[j] -= Two * dz * diff;
                    gradPrototypes[c * d + j] += Two * dz * diff;
                }
            }
        }
        if (withGradient)
        {
            // Each prototype is a class mean, so a support embedding gets its prototype's gradient over the class size.
            for (int i = 0; i < support.Rows; i++)
            {
                int c = support.ClassOf[i];
                TensorPrimitives.Divide(gradPrototypes.Slice(c * d, d), T.CreateChecked(_counts[c]), supportCotangent.Slice(i * d, d));
            }
        }
        return loss * scale;
    }

    private static void Embed(ReadOnlySpan<T> theta, EmbeddingBindings<T> support, EmbeddingBindings<T> query)
    {
        TLearner.Predict<T>(theta, support.Forward, support.Embeddings);
        TLearner.Predict<T>(theta, query.Forward, query.Embeddings);
    }

    private EmbeddingBindings<T> Bind(Batch<T> batch) => EmbeddingBindings<T>.Of(_bindings, TLearner.Info, batch);

    /// <summary>Decodes each row's class into <see cref="EmbeddingBindings{T}.ClassOf"/>; returns max(<paramref name="ways"/>, 1 + the largest class).</summary>
    private static int Decode(EmbeddingBindings<T> b, int ways)
    {
        var labels = b.Labels;
        int width = labels.Length / b.Rows;
        if (labels.Rank > 2 || (width > 1 && labels.Rank != 2))
            throw new ArgumentException($"Labels must be class indices [n] or [n, 1], or one-hot [n, N]; got [{string.Join(", ", labels.Shape)}].");
        for (int i = 0; i < b.Rows; i++)
        {
            int c;
            if (width == 1)
            {
                c = int.CreateSaturating(T.Round(labels.Data[i]));
            }
            else
            {
                var row = labels.Data.AsSpan(i * width, width);
                c = TensorPrimitives.IndexOfMax<T>(row);
            }
            if (c < 0) throw new ArgumentException($"Label {c} of example {i} is negative.");
            b.ClassOf[i] = c;
            ways = Math.Max(ways, c + 1);
        }
        return ways;
    }

    private void Grow(int ways, int d)
    {
        if (_prototypes.Length < ways * d)
        {
            _prototypes = new T[ways * d];
            _prototypeGradient = new T[ways * d];
        }
        if (_counts.Length < ways)
        {
            _counts = new int[ways];
            _probabilities = new T[ways];
        }
    }

    private static T SquaredDistance(ReadOnlySpan<T> a, ReadOnlySpan<T> b)
    {
        T sum = T.Zero;
        for (int j = 0; j < a.Length; j++)
        {
            T diff = a[j] - b[j];
            sum += diff * diff;
        }
        return sum;
    }
}
