// Runs the hand-written maml_mlp.cu under cuda_emulation.h.
// Build: g++ -std=c++20 -pthread -DMLP_NUM_LAYERS=3 -DMLP_SIZES=1,40,40,1 -I<dir with the .cu files and cuda_emulation.h>
// stdin:  P tasks n_train n_val steps first_order threads alpha scratch_stride, then
//         theta [P], x_train [tasks, n_train], y_train, x_val [tasks, n_val], y_val (one input, one output)
// stdout: "meta_gradients count values..." and "val_losses count values...".
#include <cstdio>
#include <vector>
#include "cuda_emulation.h"
#include "maml_mlp.cu"

static std::vector<float> read(long long count)
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
    int P, tasks, n_train, n_val, steps, first_order, threads;
    float alpha;
    long long stride;
    if (std::scanf("%d %d %d %d %d %d %d %f %lld", &P, &tasks, &n_train, &n_val, &steps, &first_order, &threads, &alpha, &stride) != 9) return 2;
    const auto theta = read(P), x_train = read((long long)tasks * n_train), y_train = read((long long)tasks * n_train);
    const auto x_val = read((long long)tasks * n_val), y_val = read((long long)tasks * n_val);
    std::vector<float> scratch(tasks * stride, NAN), meta_gradients((size_t)tasks * P), val_losses(tasks);
    launch(tasks, threads, [&] {
        maml_mlp_meta_gradient(theta.data(), alpha, x_train.data(), y_train.data(), n_train, x_val.data(), y_val.data(), n_val,
            steps, first_order, scratch.data(), stride, meta_gradients.data(), val_losses.data());
    });
    write("meta_gradients", meta_gradients);
    write("val_losses", val_losses);
}
