using ILGPU;
using ILGPU.Runtime;

namespace MetaDsl.Kernels.Gpu;

/// <summary>Loads kernels so that a compile failure names what failed instead of surfacing ILGPU's internals alone.</summary>
public static class KernelLoader
{
    /// <summary>
    /// Runs <paramref name="load"/> (an accelerator's <c>LoadStreamKernel</c> or <c>LoadAutoGroupedStreamKernel</c>)
    /// and wraps any ILGPU compile error in a <see cref="KernelCompilationException"/> naming <paramref name="learner"/> and <paramref name="kernel"/>.
    /// </summary>
    public static TDelegate Load<TDelegate>(string learner, string kernel, Func<TDelegate> load) where TDelegate : Delegate
    {
        ArgumentNullException.ThrowIfNull(load);
        // Only ILGPU runs inside load(); it reports kernels it cannot take (a non-blittable parameter,
        // say) as ArgumentException, so that is wrapped too.
        try
        {
            return load();
        }
        catch (Exception e) when (e is InternalCompilerException or NotSupportedException or ILGPU.Backends.InvalidCodeGenerationException or CapabilityNotSupportedException or ArgumentException)
        {
            throw new KernelCompilationException(learner, kernel, e);
        }
    }
}
