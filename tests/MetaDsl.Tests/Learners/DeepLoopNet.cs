using MetaDsl;
using static MetaDsl.Ops;

namespace MetaDsl.Tests.Learners;

/// <summary>
/// Two long constant-bound loops (a tanh residual stack, then a ReLU one that also reads the first
/// loop's output): long enough that the generator emits them as loops, so every derivative checks
/// the rolled code, ring buffers and reads across loops included. The meta-parameter inside the
/// first loop makes the mixed product roll too.
/// </summary>
[Learner]
public partial class DeepLoopNet
{
    private const int TanhLayers = 30;
    private const int ReluLayers = 12;

    [Param(2, 6)] public Tensor W1 = null!;
    [Param(6)] public Tensor B1 = null!;
    [Param(6, 6)] public Tensor W2 = null!;
    [Param(6)] public Tensor B2 = null!;
    [Param(6, 6)] public Tensor W3 = null!;
    [Param(6, 1)] public Tensor W4 = null!;
    [MetaParam(6)] public Tensor Gain = null!;

    [Forward]
    public Tensor Predict([Shape("n", 2)] Tensor x)
    {
        var h = Tanh(Linear(x, W1, B1));
        for (int i = 0; i < TanhLayers; i++)
            h = h + 0.2 * Tanh(Linear(h, W2, B2) * Gain);
        var g = h;
        for (int i = 0; i < ReluLayers; i++)
            g = 0.5 * Relu(MatMul(g, W3)) + 0.5 * h;
        return MatMul(g, W4);
    }

    [Loss]
    public Tensor Loss([Shape("n", 2)] Tensor x, [Shape("n", 1)] Tensor y) => Mse(Predict(x), y);
}
