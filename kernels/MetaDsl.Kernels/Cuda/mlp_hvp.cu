// Batched exact Hessian-vector products of the MLP's MSE loss, one thread block per item b:
//   hv[b] = H(theta_b; x_b, y_b) v[b]
// theta_b = thetas + b*theta_stride (stride 0 shares one theta across the batch),
// x_b = x + b*n*IN, y_b = y + b*n*OUT, v[b] and hv[b] at b*P. Layouts: see mlp_device.cu.
// scratch_stride (floats) is at least MlpShape.ActivationScratchFloats(n).
#include "mlp_device.cu"

extern "C" __global__ void mlp_hessian_vector_product(
    const float* thetas, long long theta_stride,
    const float* x, const float* y, int n,
    const float* v, float* hv,
    float* scratch, long long scratch_stride)
{
    const long long item = blockIdx.x;
    const int in = mlp::c_sizes[0], out = mlp::c_sizes[mlp::kLayers];
    const int P = mlp::param_count();
    const mlp::Activations a = mlp::carve_activations(scratch + item * scratch_stride, n);
    mlp::hessian_vector(thetas + item * theta_stride, v + item * P, x + item * n * in, y + item * n * out, n, a,
                        nullptr, hv + item * P);
}
