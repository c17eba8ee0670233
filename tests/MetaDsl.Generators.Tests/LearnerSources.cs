namespace MetaDsl.Generators.Tests;

/// <summary>Well-formed learners that every feature of the parser should accept.</summary>
internal static class LearnerSources
{
    public const string SineMlp = """
        using MetaDsl;
        using static MetaDsl.Ops;

        [Learner]
        public partial class SineMlp
        {
            [Param(1, 40)]  public Tensor W1;   [Param(40)] public Tensor B1;
            [Param(40, 40)] public Tensor W2;   [Param(40)] public Tensor B2;
            [Param(40, 1)]  public Tensor W3;   [Param(1)]  public Tensor B3;

            [Forward]
            public Tensor Predict([Shape("n", 1)] Tensor x)
            {
                var h = Relu(Linear(x, W1, B1));
                h = Relu(Linear(h, W2, B2));
                return Linear(h, W3, B3);
            }

            [Loss]
            public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
        }
        """;

    public const string SoftmaxClassifier = """
        using MetaDsl;

        namespace Demo.Classifiers
        {
            [Learner]
            public partial class SoftmaxClassifier
            {
                [Param(4, 16, Init = Init.Xavier)] public Tensor W1;
                [Param(16)] public Tensor B1;
                [Param(16, 3)] public Tensor W2;
                [Param(3)] public Tensor B2;

                [Forward]
                public Tensor Logits([Shape("n", 4)] Tensor x) => Ops.Linear(Ops.Relu(Ops.Linear(x, W1, B1)), W2, B2);

                [Loss]
                public Tensor Loss([Shape("n", 4)] Tensor x, [Shape("n")] Tensor labels)
                    => Ops.SoftmaxCrossEntropy(Logits(x), labels) + 0.001 * Ops.Sum(Ops.Square(this.W1));
            }
        }
        """;

    public const string Broadcasting = """
        using MetaDsl;
        using static MetaDsl.Ops;

        [Learner]
        public partial class ScaledRegression
        {
            [Param(3)] public Tensor Scale;
            [Param(1)] public Tensor Bias;
            private const double Decay = 0.01;

            [Loss]
            public Tensor Loss([Shape("n", 3)] Tensor x, [Shape("n", 3)] Tensor y)
            {
                var z = x * Scale + Bias;
                z -= 0.5 * Mean(z, 0);
                Tensor probabilities = Softmax(z);
                var spread = Transpose(Reshape(probabilities, -1, 1));
                return Mean(Square(z - y)) + Decay * Sum(Scale * Scale) + (float)1e-3 * Sum(spread) / 2;
            }
        }
        """;

    public const string TanhNet = """
        using MetaDsl;
        using static MetaDsl.Ops;

        namespace Demo.Nets
        {
            public partial class Zoo
            {
                [Learner]
                public partial class TanhNet
                {
                    private const int HiddenLayers = 3;

                    [Param(2, 8)] public Tensor W0;
                    [Param(8)] public Tensor B0;
                    [Param(8, 8)] public Tensor W1;
                    [Param(8)] public Tensor B1;
                    [Param(8, 1)] public Tensor W2;
                    [Param(1)] public Tensor B2;

                    [Forward(Model = true)]
                    public Tensor Predict([Shape("batch", 2)] Tensor x)
                    {
                        Tensor h = Tanh(Linear(x, W0, B0));
                        for (int i = 0; i < HiddenLayers; i++)
                        {
                            if (i % 2 == 0) h = Hidden(h);
                            else h = Hidden(h) + 0.0;
                        }
                        return Linear(h, W2, B2);
                    }

                    [Forward]
                    public Tensor Hidden([Shape("batch", 8)] Tensor h) => Tanh(Linear(h, W1, B1));

                    [Loss]
                    public Tensor Loss([Shape("batch", 2)] Tensor x, [Shape("batch", 1)] Tensor y)
                    {
                        var d = Predict(x) - y;
                        return Mean(d * d);
                    }
                }
            }
        }
        """;

    public const string LearnedLoss = """
        using MetaDsl;
        using static MetaDsl.Ops;

        [Learner]
        public partial class LearnedLoss
        {
            [Param(1, 20)] public Tensor W1;
            [Param(20)] public Tensor B1;
            [Param(20, 1)] public Tensor W2;
            [Param(1)] public Tensor B2;
            [MetaParam(1, Init = Init.Constant, Value = 1.5)] public Tensor LossScale;
            [MetaParam(20, Init = Init.Zeros)] public Tensor Shift { get; set; }

            [Forward]
            public Tensor Predict([Shape("n", 1)] Tensor x) => Linear(Relu(Linear(x, W1, B1) + Shift), W2, B2);

            [Loss]
            public Tensor Loss([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mean(Square(Predict(x) - y) * LossScale);
        }
        """;

    /// <summary>ML³'s shape: the inner loop descends a learned loss network, the task is judged by a [MetaLoss].</summary>
    public const string SeparateMetaLoss = """
        using MetaDsl;
        using static MetaDsl.Ops;

        [Learner]
        public partial class SeparateMetaLoss
        {
            [Param(1, 8)] public Tensor W1;
            [Param(8)] public Tensor B1;
            [Param(8, 1)] public Tensor W2;
            [MetaParam(1, 6)] public Tensor P;
            [MetaParam(6, 1)] public Tensor R;

            [Forward]
            public Tensor Predict([Shape("n", 1)] Tensor x) => Linear(Tanh(Linear(x, W1, B1)), W2);

            [Loss]
            public Tensor Learned([Shape("n", 1)] Tensor x, [Shape("n", 1)] Tensor y) => Mean(Square(Linear(Tanh(Linear(Predict(x) - y, P)), R)));

            [MetaLoss]
            public Tensor Task([Shape("n", 1)] Tensor inputs, [Shape("n", 1)] Tensor targets) => Mse(Predict(inputs), targets);
        }
        """;

    public static readonly string[] All = [SineMlp, SoftmaxClassifier, Broadcasting, TanhNet, LearnedLoss, SeparateMetaLoss];

    public static TheoryData<string> Each() => new(All);
}
