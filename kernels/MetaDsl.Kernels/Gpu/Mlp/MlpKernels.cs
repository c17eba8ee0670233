using System.Numerics;
using ILGPU;

namespace MetaDsl.Kernels.Gpu.Mlp;

/// <summary>
/// Kernel entry points for ReLU MLPs, launched with one group per task (explicitly grouped, 1-D):
/// the task-parallel MAML / Meta-SGD meta-gradient (the whole inner loop and its reverse pass in one
/// launch, because meta-batches of small models are launch-bound) and a batched H·v.
/// </summary>
public static class MlpKernels
{
    /// <summary>
    /// Task <c>Grid.IdxX</c>'s meta-gradient at <paramref name="theta"/> into row t of
    /// <paramref name="metaGradients"/> [tasks, P], its rate gradient into <paramref name="rateGradients"/>
    /// [tasks, P] for per-parameter rates, and its query loss into <paramref name="losses"/>[t].
    /// Each task owns <paramref name="scratchStride"/> values of <paramref name="scratch"/>.
    /// </summary>
    public static void MetaGradient<T>(MlpLayout layout, ArrayView<T> theta, InnerLoopSettings<T> settings,
        MlpSplit<T> support, MlpSplit<T> query, ArrayView<T> scratch, long scratchStride,
        ArrayView<T> metaGradients, ArrayView<T> rateGradients, ArrayView<T> losses) where T : unmanaged, INumber<T>
    {
        int task = Grid.IdxX, count = layout.ParameterCount;
        T loss = TaskMetaGradient.Run(layout, theta, settings, task, support, query,
            scratch.SubView(task * scratchStride, scratchStride),
            metaGradients.SubView((long)task * count, count),
            settings.LearnsRates ? rateGradients.SubView((long)task * count, count) : rateGradients);
        if (Group.IdxX == 0) losses[task] = loss;
    }

    /// <summary>
    /// Row t of <paramref name="products"/> [tasks, P] = H_t(theta_t)·v_t, with theta_t and v_t the rows of
    /// <paramref name="thetas"/> and <paramref name="directions"/> and H_t the Hessian of task t's loss on
    /// <paramref name="split"/>; its loss into <paramref name="losses"/>[t].
    /// </summary>
    public static void HessianVectorProducts<T>(MlpLayout layout, ArrayView<T> thetas, ArrayView<T> directions, MlpSplit<T> split,
        ArrayView<T> scratch, long scratchStride, ArrayView<T> products, ArrayView<T> losses) where T : unmanaged, INumber<T>
    {
        int task = Grid.IdxX, count = layout.ParameterCount;
        var activations = new MlpActivations<T>(layout, scratch.SubView(task * scratchStride, scratchStride), split.Points);
        var product = products.SubView((long)task * count, count);
        T loss = MlpProgram.HessianVector(layout, thetas.SubView((long)task * count, count), directions.SubView((long)task * count, count),
            split.TaskX(task), split.TaskY(task), split.Points, split.InverseCount, activations, product, writeGradient: false, product);
        if (Group.IdxX == 0) losses[task] = loss;
    }
}
