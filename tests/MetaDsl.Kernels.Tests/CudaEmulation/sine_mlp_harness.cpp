// Runs the generated CUDA of MetaDsl.Learners.SineMlp under cuda_emulation.h.
// Build: g++ -std=c++20 -pthread -DMDSL_DIM_n=<points> -I<dir with SineMlp.cu, metadsl_ops.cuh, cuda_emulation.h>
// stdin:  tasks threads, then theta [P], x [tasks, n], y [tasks, n], v [P]
// stdout: one line per array, "name count values...": per-task losses from SineMlp_loss and from the
//         task kernel, per-task gradients from SineMlp_gradient_tasks, per-task H·v from SineMlp_hvp.
#include <cstdio>
#include <vector>
#include "cuda_emulation.h"
#include "SineMlp.cu"

constexpr int kPoints = MDSL_DIM_n;
constexpr int kParameters = 1761;

static std::vector<float> read(int count)
{
    std::vector<float> values(count);
    for (float& value : values)
        if (std::scanf("%f", &value) != 1) { std::fprintf(stderr, "input ended early\n"); std::exit(2); }
    return values;
}

static void write(const char* name, const std::vector<float>& values)
{
    std::printf("%s %zu", name, values.size());
    for (float value : values) std::printf(" %.9g", value);
    std::printf("\n");
}

int main()
{
    int tasks = 0, threads = 0;
    if (std::scanf("%d %d", &tasks, &threads) != 2) return 2;
    const auto theta = read(kParameters), x = read(tasks * kPoints), y = read(tasks * kPoints), v = read(kParameters);

    // Scratch for the task kernel; the single-task calls below reuse task 0's, the largest need being H·v's.
    constexpr int stride = SineMlp_hvp_scratch<kPoints>() > SineMlp_gradient_scratch<kPoints>()
        ? SineMlp_hvp_scratch<kPoints>() : SineMlp_gradient_scratch<kPoints>();
    std::vector<float> scratch((size_t)tasks * stride, NAN);  // NaN: a read before a write shows in the results
    std::vector<float> losses(tasks), kernel_losses(tasks), grads((size_t)tasks * kParameters), hvs((size_t)tasks * kParameters);

    for (int t = 0; t < tasks; ++t)
        launch(1, threads, [&] {
            const float* const inputs[2] = { x.data() + t * kPoints, y.data() + t * kPoints };
            const float loss = SineMlp_loss<kPoints>(theta.data(), inputs, scratch.data());
            if (threadIdx.x == 0) losses[t] = loss;
            SineMlp_hvp<kPoints>(theta.data(), inputs, v.data(), hvs.data() + (size_t)t * kParameters, scratch.data());
        });
    launch(tasks, threads, [&] {
        SineMlp_gradient_tasks(theta.data(), x.data(), y.data(), grads.data(), kernel_losses.data(), scratch.data(), stride);
    });

    write("loss", losses);
    write("kernel_loss", kernel_losses);
    write("grad", grads);
    write("hv", hvs);
}
