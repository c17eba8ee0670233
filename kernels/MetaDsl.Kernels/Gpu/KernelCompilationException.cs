namespace MetaDsl.Kernels.Gpu;

/// <summary>ILGPU could not compile a kernel: names the learner, the kernel and ILGPU's own message.</summary>
public sealed class KernelCompilationException : Exception
{
    /// <summary>Creates the exception for <paramref name="kernel"/> of <paramref name="learner"/>.</summary>
    public KernelCompilationException(string learner, string kernel, Exception inner)
        : base($"ILGPU could not compile kernel '{kernel}' for learner '{learner}': {inner?.Message}", inner)
    {
        Learner = learner;
        Kernel = kernel;
    }

    /// <summary>The learner (or model family) the kernel serves.</summary>
    public string Learner { get; }

    /// <summary>The kernel's name.</summary>
    public string Kernel { get; }
}
