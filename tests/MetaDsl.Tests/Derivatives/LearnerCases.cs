using MetaDsl.Learners;
using MetaDsl.Tests.Learners;

namespace MetaDsl.Tests.Derivatives;

/// <summary>Every learner the derivative tests run on.</summary>
public static class LearnerCases
{
    public static readonly Type[] Models =
    [
        typeof(SineMlp), typeof(SoftmaxClassifier), typeof(BroadcastLearner), typeof(TanhNet), typeof(WeightedLossLearner),
        typeof(GaussianClassifier), typeof(PointEmbedding), typeof(DeepLoopNet), typeof(TinyConvNet), typeof(ConvMetaNormNet),
        typeof(TinyTransformer), typeof(LinearSelfAttention2), typeof(LearnedLossGaussianClassifier), typeof(MlpLearnedOptimizer),
        typeof(NpbmlGaussianClassifier),
    ];

    public static readonly Type[] Ops =
    [
        typeof(OpLinear), typeof(OpMatMul), typeof(OpAdd), typeof(OpSub), typeof(OpMul), typeof(OpDiv), typeof(OpNeg),
        typeof(OpRelu), typeof(OpTanh), typeof(OpSigmoid), typeof(OpExp), typeof(OpLog), typeof(OpSquare),
        typeof(OpSumAxis), typeof(OpMean), typeof(OpMse), typeof(OpSoftmax), typeof(OpLogSoftmax),
        typeof(OpSoftmaxCrossEntropy), typeof(OpReshape), typeof(OpTranspose), typeof(OpTransposeRank4),
        typeof(OpConv2d), typeof(OpConv2dStrided), typeof(OpConv1x1), typeof(OpMaxPool2d), typeof(OpAvgPool2d),
        typeof(OpBatchNorm), typeof(OpBatchNorm2d), typeof(OpFlatten),
        typeof(OpSqrt), typeof(OpRsqrt), typeof(OpAbs), typeof(OpSinCos), typeof(OpPow), typeof(OpSoftplus),
        typeof(OpLeakyRelu), typeof(OpClamp), typeof(OpGelu),
        typeof(OpMax), typeof(OpMin), typeof(OpKeepDims), typeof(OpSizeOneBroadcast),
        typeof(OpLayerNorm), typeof(OpCausalAttention),
        typeof(OpSlice), typeof(OpIndex), typeof(OpRank6), typeof(OpDimNumbers), typeof(OpOneHot), typeof(OpConcat), typeof(OpGather),
    ];

    public static TheoryData<Type> All()
    {
        var data = new TheoryData<Type>();
        foreach (var t in Models.Concat(Ops)) data.Add(t);
        return data;
    }
}
