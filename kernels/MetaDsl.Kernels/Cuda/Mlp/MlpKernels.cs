using System.Collections.Concurrent;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda.Mlp;

/// <summary>
/// The MLP kernels (MAML, Meta-SGD, batched H·v) specialized to one <see cref="MlpShape"/>, with
/// C# twins that run <see cref="MamlReference"/> / <see cref="MlpReference"/> in double precision.
/// One instance per shape per process, so every accelerator compiles each specialization once.
/// The twins keep their own scratch, so they ignore the scratch arguments.
/// </summary>
public sealed class MlpKernels
{
    private static readonly ConcurrentDictionary<MlpShape, MlpKernels> Cache = new();

    private readonly MlpReference _reference;

    private MlpKernels(MlpShape shape)
    {
        Shape = shape;
        _reference = new MlpReference(shape);
        Maml = new KernelDefinition("maml_mlp_meta_gradient", KernelSources.ForMlp(KernelSources.Maml, shape),
        [
            KernelParameter.View<float>("theta"), KernelParameter.Scalar<float>("alpha"),
            KernelParameter.View<float>("x_train"), KernelParameter.View<float>("y_train"), KernelParameter.Scalar<int>("n_train"),
            KernelParameter.View<float>("x_val"), KernelParameter.View<float>("y_val"), KernelParameter.Scalar<int>("n_val"),
            KernelParameter.Scalar<int>("steps"), KernelParameter.Scalar<int>("first_order"),
            KernelParameter.View<float>("scratch"), KernelParameter.Scalar<long>("scratch_stride"),
            KernelParameter.View<float>("meta_gradients"), KernelParameter.View<float>("val_losses"),
        ], RunMaml);
        MetaSgd = new KernelDefinition("meta_sgd_mlp_meta_gradient", KernelSources.ForMlp(KernelSources.MetaSgd, shape),
        [
            KernelParameter.View<float>("theta"), KernelParameter.View<float>("rates"),
            KernelParameter.View<float>("x_train"), KernelParameter.View<float>("y_train"), KernelParameter.Scalar<int>("n_train"),
            KernelParameter.View<float>("x_val"), KernelParameter.View<float>("y_val"), KernelParameter.Scalar<int>("n_val"),
            KernelParameter.Scalar<int>("steps"), KernelParameter.Scalar<int>("first_order"),
            KernelParameter.View<float>("scratch"), KernelParameter.Scalar<long>("scratch_stride"),
            KernelParameter.View<float>("meta_gradients"), KernelParameter.View<float>("rate_gradients"),
            KernelParameter.View<float>("val_losses"),
        ], RunMetaSgd);
        HessianVectorProduct = new KernelDefinition("mlp_hessian_vector_product",
            KernelSources.ForMlp(KernelSources.HessianVectorProduct, shape),
        [
            KernelParameter.View<float>("thetas"), KernelParameter.Scalar<long>("theta_stride"),
            KernelParameter.View<float>("x"), KernelParameter.View<float>("y"), KernelParameter.Scalar<int>("n"),
            KernelParameter.View<float>("v"), KernelParameter.View<float>("hv"),
            KernelParameter.View<float>("scratch"), KernelParameter.Scalar<long>("scratch_stride"),
        ], RunHessianVectorProduct);
    }

    /// <summary>The kernels for <paramref name="shape"/>.</summary>
    public static MlpKernels For(MlpShape shape) => Cache.GetOrAdd(shape, s => new MlpKernels(s));

    /// <summary>The shape they are specialized to.</summary>
    public MlpShape Shape { get; }

    /// <summary>maml_mlp.cu: one block per task; per-task meta-gradients and validation losses.</summary>
    public KernelDefinition Maml { get; }

    /// <summary>meta_sgd_mlp.cu: as <see cref="Maml"/> with per-parameter rates and their gradients.</summary>
    public KernelDefinition MetaSgd { get; }

    /// <summary>mlp_hvp.cu: one block per (theta, data, v) item.</summary>
    public KernelDefinition HessianVectorProduct { get; }

    private void RunMaml(CpuBlock block, KernelArguments args)
    {
        var alpha = args.Scalar<float>(1);
        RunTask(block.Index.X, args, [alpha], args.View<float>(12), default, args.View<float>(13));
    }

    private void RunMetaSgd(CpuBlock block, KernelArguments args)
    {
        var rates = ToDouble(args.View<float>(1));
        RunTask(block.Index.X, args, rates, args.View<float>(12), args.View<float>(13), args.View<float>(14));
    }

    // Both kernels take x_train, y_train, n_train, x_val, y_val, n_val, steps, first_order as arguments 2..9.
    private void RunTask(int task, KernelArguments args, double[] rates,
        Span<float> metaGradients, Span<float> rateGradients, Span<float> losses)
    {
        const int a = 2;
        int inputs = Shape.InputSize, outs = Shape.OutputSize, count = Shape.ParameterCount;
        int nTrain = args.Scalar<int>(a + 2), nVal = args.Scalar<int>(a + 5);
        var taskData = new MlpTask(
            ToDouble(args.View<float>(a).Slice(task * nTrain * inputs, nTrain * inputs)),
            ToDouble(args.View<float>(a + 1).Slice(task * nTrain * outs, nTrain * outs)),
            ToDouble(args.View<float>(a + 3).Slice(task * nVal * inputs, nVal * inputs)),
            ToDouble(args.View<float>(a + 4).Slice(task * nVal * outs, nVal * outs)));
        var metaGradient = new double[count];
        var rateGradient = rateGradients.IsEmpty ? [] : new double[rates.Length];
        var loss = MamlReference.MetaGradient(_reference, ToDouble(args.View<float>(0)), rates, taskData,
            args.Scalar<int>(a + 6), args.Scalar<int>(a + 7) != 0, metaGradient, rateGradient);
        ToSingle(metaGradient, metaGradients.Slice(task * count, count));
        if (!rateGradients.IsEmpty) ToSingle(rateGradient, rateGradients.Slice(task * count, count));
        losses[task] = (float)loss;
    }

    private void RunHessianVectorProduct(CpuBlock block, KernelArguments args)
    {
        int item = block.Index.X, count = Shape.ParameterCount, n = args.Scalar<int>(4);
        var thetaStride = (int)args.Scalar<long>(1);
        var hv = new double[count];
        _reference.HessianVectorProduct(
            ToDouble(args.View<float>(0).Slice(item * thetaStride, count)),
            ToDouble(args.View<float>(2).Slice(item * n * Shape.InputSize, n * Shape.InputSize)),
            ToDouble(args.View<float>(3).Slice(item * n * Shape.OutputSize, n * Shape.OutputSize)),
            ToDouble(args.View<float>(5).Slice(item * count, count)),
            hv);
        ToSingle(hv, args.View<float>(6).Slice(item * count, count));
    }

    private static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (var i = 0; i < values.Length; i++) result[i] = values[i];
        return result;
    }

    private static void ToSingle(ReadOnlySpan<double> values, Span<float> destination)
    {
        for (var i = 0; i < values.Length; i++) destination[i] = (float)values[i];
    }
}
