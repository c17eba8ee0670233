// Meta-SGD meta-gradients for a meta-batch, one thread block per task: the inner step uses a
// learned rate per parameter (rates[P]), and each task also gets the gradient of its validation
// loss with respect to those rates. Layouts as in maml_mlp.cu; task t additionally writes
// rate_gradients[t*P .. t*P+P).
#include "maml_device.cu"

extern "C" __global__ void meta_sgd_mlp_meta_gradient(
    const float* theta, const float* rates,
    const float* x_train, const float* y_train, int n_train,
    const float* x_val, const float* y_val, int n_val,
    int steps, int first_order,
    float* scratch, long long scratch_stride,
    float* meta_gradients, float* rate_gradients, float* val_losses)
{
    const long long task = blockIdx.x;
    const int in = mlp::c_sizes[0], out = mlp::c_sizes[mlp::kLayers];
    const int P = mlp::param_count();
    maml::task_meta_gradient<true>(
        theta, rates, 0.0f,
        x_train + task * n_train * in, y_train + task * n_train * out, n_train,
        x_val + task * n_val * in, y_val + task * n_val * out, n_val,
        steps, first_order != 0, scratch + task * scratch_stride,
        meta_gradients + task * P, rate_gradients + task * P, val_losses + task);
}
