using MetaDsl.Kernels.Devices;

namespace MetaDsl.Kernels.Tests.Devices;

/// <summary>Small kernels written twice (CUDA C and C#) to exercise launches on every backend.</summary>
internal static class TestKernels
{
    public static KernelDefinition Saxpy { get; } = new("saxpy", new KernelSource("saxpy.cu", """
        extern "C" __global__ void saxpy(float a, const float* x, float* y, int n)
        {
            const int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) y[i] = a * x[i] + y[i];
        }
        """),
        [KernelParameter.Scalar<float>("a"), KernelParameter.View<float>("x"), KernelParameter.View<float>("y"), KernelParameter.Scalar<int>("n")],
        (block, args) =>
        {
            var a = args.Scalar<float>(0);
            var x = args.View<float>(1);
            var y = args.View<float>(2);
            var n = args.Scalar<int>(3);
            for (var thread = 0; thread < block.BlockDim.X; thread++)
            {
                var i = block.Index.X * block.BlockDim.X + thread;
                if (i < n) y[i] = a * x[i] + y[i];
            }
        });

    /// <summary>Reverses each block-sized chunk through dynamic shared memory.</summary>
    public static KernelDefinition ReverseChunks { get; } = new("reverse_chunks", new KernelSource("reverse_chunks.cu", """
        extern "C" __global__ void reverse_chunks(const int* input, int* output)
        {
            extern __shared__ int tile[];
            const int base = blockIdx.x * blockDim.x;
            tile[threadIdx.x] = input[base + threadIdx.x];
            __syncthreads();
            output[base + threadIdx.x] = tile[blockDim.x - 1 - threadIdx.x];
        }
        """),
        [KernelParameter.View<int>("input"), KernelParameter.View<int>("output")],
        (block, args) =>
        {
            var input = args.View<int>(0);
            var output = args.View<int>(1);
            var tile = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(block.SharedMemory);
            var size = block.BlockDim.X;
            var start = block.Index.X * size;
            for (var t = 0; t < size; t++) tile[t] = input[start + t];
            for (var t = 0; t < size; t++) output[start + t] = tile[size - 1 - t];
        });
}
