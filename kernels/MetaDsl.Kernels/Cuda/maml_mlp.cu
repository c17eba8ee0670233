// Second- or first-order MAML meta-gradients for a meta-batch, one thread block per task.
// Layouts: see mlp_device.cu (theta, data) and maml_device.cu (scratch). Task t reads
//   x_train + t*n_train*IN, y_train + t*n_train*OUT, x_val + t*n_val*IN, y_val + t*n_val*OUT
// and writes meta_gradients[t*P .. t*P+P) and val_losses[t] (the loss at its adapted parameters).
// scratch_stride (floats) is the distance between tasks' scratch, at least MlpShape.MamlScratchFloats.
#include "maml_device.cu"

extern "C" __global__ void maml_mlp_meta_gradient(
    const float* theta, float alpha,
    const float* x_train, const float* y_train, int n_train,
    const float* x_val, const float* y_val, int n_val,
    int steps, int first_order,
    float* scratch, long long scratch_stride,
    float* meta_gradients, float* val_losses)
{
    const long long task = blockIdx.x;
    const int in = mlp::c_sizes[0], out = mlp::c_sizes[mlp::kLayers];
    const int P = mlp::param_count();
    maml::task_meta_gradient<false>(
        theta, nullptr, alpha,
        x_train + task * n_train * in, y_train + task * n_train * out, n_train,
        x_val + task * n_val * in, y_val + task * n_val * out, n_val,
        steps, first_order != 0, scratch + task * scratch_stride,
        meta_gradients + task * P, nullptr, val_losses + task);
}
