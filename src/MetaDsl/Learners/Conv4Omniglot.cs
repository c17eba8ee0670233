using static MetaDsl.Ops;

namespace MetaDsl.Learners;

/// <summary>
/// MAML's Conv-4 backbone for Omniglot (Finn et al. 2017): four blocks of [3×3 convolution with 64
/// filters and padding 1, batch norm with the batch's own statistics, ReLU, 2×2 max-pool] take a
/// 28×28×1 image to 64×1×1, and a linear head gives 5 class logits. Images arrive as flat rows of
/// 784 values (what the image samplers deliver, so MLP and Conv-4 read the same tasks) and are
/// viewed as [n, 1, 28, 28].
/// </summary>
[Learner]
public partial class Conv4Omniglot
{
    /// <summary>Block 1 kernels [64, 1, 3, 3].</summary>
    [Param(64, 1, 3, 3)] public Tensor W1 = null!;
    /// <summary>Block 1 bias.</summary>
    [Param(64)] public Tensor B1 = null!;
    /// <summary>Block 1 batch-norm scale.</summary>
    [Param(64, Init = Init.Constant, Value = 1)] public Tensor G1 = null!;
    /// <summary>Block 1 batch-norm shift.</summary>
    [Param(64)] public Tensor S1 = null!;
    /// <summary>Block 2 kernels [64, 64, 3, 3].</summary>
    [Param(64, 64, 3, 3)] public Tensor W2 = null!;
    /// <summary>Block 2 bias.</summary>
    [Param(64)] public Tensor B2 = null!;
    /// <summary>Block 2 batch-norm scale.</summary>
    [Param(64, Init = Init.Constant, Value = 1)] public Tensor G2 = null!;
    /// <summary>Block 2 batch-norm shift.</summary>
    [Param(64)] public Tensor S2 = null!;
    /// <summary>Block 3 kernels [64, 64, 3, 3].</summary>
    [Param(64, 64, 3, 3)] public Tensor W3 = null!;
    /// <summary>Block 3 bias.</summary>
    [Param(64)] public Tensor B3 = null!;
    /// <summary>Block 3 batch-norm scale.</summary>
    [Param(64, Init = Init.Constant, Value = 1)] public Tensor G3 = null!;
    /// <summary>Block 3 batch-norm shift.</summary>
    [Param(64)] public Tensor S3 = null!;
    /// <summary>Block 4 kernels [64, 64, 3, 3].</summary>
    [Param(64, 64, 3, 3)] public Tensor W4 = null!;
    /// <summary>Block 4 bias.</summary>
    [Param(64)] public Tensor B4 = null!;
    /// <summary>Block 4 batch-norm scale.</summary>
    [Param(64, Init = Init.Constant, Value = 1)] public Tensor G4 = null!;
    /// <summary>Block 4 batch-norm shift.</summary>
    [Param(64)] public Tensor S4 = null!;
    /// <summary>Head weights [64, 5].</summary>
    [Param(64, 5)] public Tensor Wo = null!;
    /// <summary>Head bias.</summary>
    [Param(5)] public Tensor Bo = null!;

    /// <summary>Class logits [n, 5] for flat 28×28 images [n, 784].</summary>
    [Forward]
    public Tensor Logits([Shape("n", 784)] Tensor x)
    {
        var h = Reshape(x, -1, 1, 28, 28);
        h = MaxPool2d(Relu(BatchNorm(Conv2d(h, W1, B1, padding: 1), G1, S1)), 2);
        h = MaxPool2d(Relu(BatchNorm(Conv2d(h, W2, B2, padding: 1), G2, S2)), 2);
        h = MaxPool2d(Relu(BatchNorm(Conv2d(h, W3, B3, padding: 1), G3, S3)), 2);
        h = MaxPool2d(Relu(BatchNorm(Conv2d(h, W4, B4, padding: 1), G4, S4)), 2);
        return Linear(Flatten(h), Wo, Bo);
    }

    /// <summary>Softmax cross-entropy against class indices.</summary>
    [Loss]
    public Tensor Loss([Shape("n", 784)] Tensor x, [Shape("n")] Tensor labels) => SoftmaxCrossEntropy(Logits(x), labels);
}
