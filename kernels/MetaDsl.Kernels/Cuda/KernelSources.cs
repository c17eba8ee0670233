using System.Reflection;
using MetaDsl.Kernels.Cuda.Mlp;
using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Cuda;

/// <summary>The hand-written .cu files embedded in this assembly (resource <c>MetaDsl.Kernels.Cuda.&lt;file&gt;</c>).</summary>
public static class KernelSources
{
    /// <summary>MLP forward, gradient and H·v device functions; a header of the MLP kernels.</summary>
    public const string MlpDevice = "mlp_device.cu";

    /// <summary>Inner loop and reverse pass shared by MAML and Meta-SGD; a header.</summary>
    public const string MamlDevice = "maml_device.cu";

    /// <summary>Task-parallel MAML kernel (<c>maml_mlp_meta_gradient</c>).</summary>
    public const string Maml = "maml_mlp.cu";

    /// <summary>Task-parallel Meta-SGD kernel (<c>meta_sgd_mlp_meta_gradient</c>).</summary>
    public const string MetaSgd = "meta_sgd_mlp.cu";

    /// <summary>Batched H·v kernel (<c>mlp_hessian_vector_product</c>).</summary>
    public const string HessianVectorProduct = "mlp_hvp.cu";

    /// <summary>Adam update kernel (<c>adam_update</c>).</summary>
    public const string Adam = "adam.cu";

    /// <summary>Mean of per-task vectors (<c>mean_over_tasks</c>).</summary>
    public const string MeanOverTasks = "reduce_mean.cu";

    /// <summary>Block-level primitives that generated CUDA (a learner's <c>CudaSource</c>) includes; a header.</summary>
    public const string Ops = "metadsl_ops.cuh";

    /// <summary>Every embedded file.</summary>
    public static IReadOnlyList<string> All { get; } = [MlpDevice, MamlDevice, Maml, MetaSgd, HessianVectorProduct, Adam, MeanOverTasks, Ops];

    /// <summary>The text of an embedded .cu file; throws naming the resource when it is missing.</summary>
    public static string Read(string fileName)
    {
        var resource = $"MetaDsl.Kernels.Cuda.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new FileNotFoundException($"The embedded CUDA source '{resource}' is missing from {Assembly.GetExecutingAssembly().GetName().Name}.", resource);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A self-contained source (adam.cu, reduce_mean.cu).</summary>
    public static KernelSource Standalone(string fileName) => new(fileName, Read(fileName));

    /// <summary>
    /// A learner's generated CUDA (its <c>CudaSource</c>) under the file name <paramref name="fileName"/>,
    /// with <see cref="Ops"/> attached. <paramref name="defines"/> fix its symbolic dims for the task
    /// kernel, e.g. <c>MDSL_DIM_n=10</c>.
    /// </summary>
    public static KernelSource Generated(string fileName, string cudaSource, IReadOnlyList<string> defines) => new(
        fileName,
        cudaSource,
        new Dictionary<string, string> { [Ops] = Read(Ops) },
        defines);

    /// <summary>An MLP kernel source specialized to <paramref name="shape"/>, with the MLP headers attached.</summary>
    public static KernelSource ForMlp(string fileName, MlpShape shape) => new(
        fileName,
        Read(fileName),
        new Dictionary<string, string> { [MlpDevice] = Read(MlpDevice), [MamlDevice] = Read(MamlDevice) },
        shape.NvrtcDefines);
}
