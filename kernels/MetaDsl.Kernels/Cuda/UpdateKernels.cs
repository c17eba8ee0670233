using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>
/// Element-wise kernels of the outer loop: the Adam update and the mean of per-task meta-gradients.
/// Their C# twins replay the same grid-stride loops in single precision, operation for operation.
/// </summary>
public static class UpdateKernels
{
    /// <summary>adam.cu: <c>adam_update(theta, gradient, m, v, count, lr, beta1, beta2, epsilon, bias_correction1, bias_correction2)</c>.</summary>
    public static KernelDefinition Adam { get; } = new("adam_update", KernelSources.Standalone(KernelSources.Adam),
    [
        KernelParameter.View<float>("theta"), KernelParameter.View<float>("gradient"),
        KernelParameter.View<float>("m"), KernelParameter.View<float>("v"), KernelParameter.Scalar<int>("count"),
        KernelParameter.Scalar<float>("lr"), KernelParameter.Scalar<float>("beta1"), KernelParameter.Scalar<float>("beta2"),
        KernelParameter.Scalar<float>("epsilon"),
        KernelParameter.Scalar<float>("bias_correction1"), KernelParameter.Scalar<float>("bias_correction2"),
    ], RunAdam);

    /// <summary>reduce_mean.cu: <c>mean_over_tasks(per_task, tasks, count, mean)</c>.</summary>
    public static KernelDefinition MeanOverTasks { get; } = new("mean_over_tasks", KernelSources.Standalone(KernelSources.MeanOverTasks),
    [
        KernelParameter.View<float>("per_task"), KernelParameter.Scalar<int>("tasks"),
        KernelParameter.Scalar<int>("count"), KernelParameter.View<float>("mean"),
    ], RunMeanOverTasks);

    /// <summary>A launch covering <paramref name="count"/> elements with 256-thread blocks.</summary>
    public static KernelConfig ElementwiseConfig(int count) => new(Math.Max(1, (count + 255) / 256), 256);

    private static void RunAdam(CpuBlock block, KernelArguments args)
    {
        var theta = args.View<float>(0);
        var gradient = args.View<float>(1);
        var m = args.View<float>(2);
        var v = args.View<float>(3);
        var count = args.Scalar<int>(4);
        float lr = args.Scalar<float>(5), beta1 = args.Scalar<float>(6), beta2 = args.Scalar<float>(7);
        float epsilon = args.Scalar<float>(8), correction1 = args.Scalar<float>(9), correction2 = args.Scalar<float>(10);
        foreach (var i in GridStride(block, count))
        {
            var g = gradient[i];
            var mi = beta1 * m[i] + (1f - beta1) * g;
            var vi = beta2 * v[i] + (1f - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            theta[i] -= lr * (mi / correction1) / (MathF.Sqrt(vi / correction2) + epsilon);
        }
    }

    private static void RunMeanOverTasks(CpuBlock block, KernelArguments args)
    {
        var perTask = args.View<float>(0);
        int tasks = args.Scalar<int>(1), count = args.Scalar<int>(2);
        var mean = args.View<float>(3);
        foreach (var i in GridStride(block, count))
        {
            var sum = 0f;
            for (var t = 0; t < tasks; t++) sum += perTask[t * count + i];
            mean[i] = sum / tasks;
        }
    }

    // The indices that the block's threads visit in `for (i = blockIdx*blockDim + tid; i < count; i += gridDim*blockDim)`.
    private static IEnumerable<int> GridStride(CpuBlock block, int count)
    {
        var result = new List<int>();
        var stride = block.GridDim.X * block.BlockDim.X;
        for (var thread = 0; thread < block.BlockDim.X; thread++)
            for (var i = block.Index.X * block.BlockDim.X + thread; i < count; i += stride)
                result.Add(i);
        return result;
    }
}
