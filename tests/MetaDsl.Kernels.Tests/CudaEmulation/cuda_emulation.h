// Runs CUDA C++ kernels on the host, to check .cu sources where there is no GPU (g++ -std=c++20).
// One std::thread per CUDA thread, so __syncthreads() is a real barrier and a missing one shows up
// as a wrong answer or a hang rather than being hidden by sequential execution. Blocks of a grid run
// one after another, which is what makes __shared__ variables (function statics here) per block.
// Only what MetaDsl's kernels use is emulated: 1-D blocks and grids, __syncthreads, __shfl_down_sync
// (a warp is 32 consecutive threads with its own barrier), __constant__ and __shared__ memory.
#pragma once
#include <algorithm>
#include <barrier>
#include <math.h>  // the float overloads of exp, log, tanh in the global namespace, as CUDA declares them
#include <memory>
#include <thread>
#include <vector>

struct dim3 { unsigned x = 1, y = 1, z = 1; };

inline thread_local dim3 threadIdx;
inline dim3 blockIdx, blockDim, gridDim;

namespace cuda_emulation {
inline std::barrier<>* block_barrier;
inline std::vector<std::unique_ptr<std::barrier<>>> warp_barriers;
}

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __constant__
#define __shared__ static

inline void __syncthreads() { cuda_emulation::block_barrier->arrive_and_wait(); }

// Every lane publishes its value, the warp meets, each lane reads its partner's, the warp meets
// again so no lane overwrites a slot before it has been read. Lanes past the end keep their value.
template <typename T>
T __shfl_down_sync(unsigned, T value, int offset)
{
    static T slots[1024];
    const int t = threadIdx.x, lane = t & 31;
    auto& warp = *cuda_emulation::warp_barriers[t >> 5];
    slots[t] = value;
    warp.arrive_and_wait();
    const T result = (lane + offset < 32 && t + offset < (int)blockDim.x) ? slots[t + offset] : value;
    warp.arrive_and_wait();
    return result;
}

using std::max;
using std::min;

// kernel<<<grid, block>>>(...) as launch(grid, block, [&] { kernel(...); }).
template <typename Kernel>
void launch(int grid, int block, Kernel kernel)
{
    gridDim.x = grid;
    blockDim.x = block;
    for (int b = 0; b < grid; ++b)
    {
        blockIdx.x = b;
        std::barrier<> barrier(block);
        cuda_emulation::block_barrier = &barrier;
        cuda_emulation::warp_barriers.clear();
        for (int w = 0; w < (block + 31) / 32; ++w)
            cuda_emulation::warp_barriers.emplace_back(new std::barrier<>(std::min(32, block - 32 * w)));
        std::vector<std::thread> threads;
        for (int t = 0; t < block; ++t) threads.emplace_back([=] { threadIdx.x = t; kernel(); });
        for (auto& thread : threads) thread.join();
    }
}
