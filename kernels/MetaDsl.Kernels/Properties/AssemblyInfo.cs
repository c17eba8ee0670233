using System.Runtime.CompilerServices;

// The runtime runs its meta-batches and populations on the kernels' worker pool, so that a GEMM inside
// one of their jobs knows to stay on its thread; the kernels' tests drive the pool directly.
[assembly: InternalsVisibleTo("MetaDsl")]
[assembly: InternalsVisibleTo("MetaDsl.Kernels.Tests")]
