namespace MetaDsl.Benchmarks.Generator;

/// <summary>The learner sources the generator benchmark runs over.</summary>
internal static class BenchmarkLearners
{
    /// <summary>Every built-in learner, read from <c>src/MetaDsl/Learners</c> of this checkout.</summary>
    public static IEnumerable<(string Name, string Source)> BuiltIn()
    {
        var folder = Path.Combine(RepositoryRoot(), "src", "MetaDsl", "Learners");
        foreach (var file in Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal))
        {
            var source = File.ReadAllText(file);
            if (source.Contains("[Learner]", StringComparison.Ordinal)) yield return (Path.GetFileNameWithoutExtension(file), source);
        }
    }

    /// <summary>
    /// A straight-line body of <paramref name="statements"/> layers drawn at random from five kinds,
    /// so no stretch repeats and nothing can be rolled: the generator's cost per op, written out.
    /// </summary>
    public static string StraightLine(int statements, int seed = 1)
    {
        var random = new Random(seed);
        var body = new System.Text.StringBuilder();
        for (int i = 0; i < statements; i++)
        {
            int k = random.Next(4);
            body.AppendLine(random.Next(5) switch
            {
                0 => $"        h = Tanh(Linear(h, W{k}, B{k}));",
                1 => $"        h = Sigmoid(h) * h + {0.1 + 0.01 * i:R};",
                2 => $"        h = h + {0.5 + 0.001 * i:R} * Relu(MatMul(h, W{k}));",
                3 => $"        h = Square(h) * {0.01 + 0.0001 * i:R} + Exp(-h);",
                _ => $"        h = Linear(Tanh(h), W{k}, B{k}) - h;",
            });
        }
        return $$"""
            using MetaDsl;
            using static MetaDsl.Ops;

            [Learner]
            public partial class StraightLine
            {
                [Param(16, 16)] public Tensor W0; [Param(16)] public Tensor B0;
                [Param(16, 16)] public Tensor W1; [Param(16)] public Tensor B1;
                [Param(16, 16)] public Tensor W2; [Param(16)] public Tensor B2;
                [Param(16, 16)] public Tensor W3; [Param(16)] public Tensor B3;

                [Forward]
                public Tensor Predict([Shape("n", 16)] Tensor x)
                {
                    var h = x;
            {{body}}
                    return h;
                }

                [Loss]
                public Tensor Loss([Shape("n", 16)] Tensor x, [Shape("n", 16)] Tensor y) => Mse(Predict(x), y);
            }
            """;
    }

    /// <summary>A residual tanh layer repeated <paramref name="iterations"/> times by a constant-bound loop, with a meta-parameter inside.</summary>
    public static string Loop(int iterations) => $$"""
        using MetaDsl;
        using static MetaDsl.Ops;

        [Learner]
        public partial class Loop
        {
            [Param(1, 40)] public Tensor W1;  [Param(40)] public Tensor B1;
            [Param(40, 40)] public Tensor W2; [Param(40)] public Tensor B2;
            [Param(40, 1)] public Tensor W3;  [Param(1)] public Tensor B3;
            [MetaParam(40)] public Tensor Gain;

            [Forward]
            public Tensor Predict([Shape("n", 1)] Tensor x)
            {
                var h = Relu(Linear(x, W1, B1));
                for (int i = 0; i < {{iterations}}; i++) h = h + 0.1 * Tanh(Linear(h, W2, B2) * Gain);
                return Linear(h, W3, B3);
            }

            [Loss]
            public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
        }
        """;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "MetaDsl.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("MetaDsl.sln not found above " + AppContext.BaseDirectory + ": run the benchmark from a checkout");
    }
}
