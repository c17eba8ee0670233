// The per-task inner loop and exact reverse pass shared by MAML and Meta-SGD (DESIGN.md §5):
//   inner:   theta_{k+1} = theta_k - r ⊙ grad L_train(theta_k),   k = 0 .. K-1
//   outer:   g_K = grad L_val(theta_K)
//   reverse: g_k = g_{k+1} - H_train(theta_k) (r ⊙ g_{k+1})    (first order: g_k = g_{k+1})
//            d/dr -= grad L_train(theta_k) ⊙ g_{k+1}          (Meta-SGD only)
//   result:  the meta-gradient g_0, and for Meta-SGD d/dr.
// r is the scalar alpha for MAML and a per-parameter vector for Meta-SGD. The step's Jacobian is
// d theta_{k+1} / d theta_k = I - diag(r) H; its transpose is I - H diag(r) because H is symmetric,
// hence the reverse step applies H to r ⊙ g.
//
// Per-task scratch (floats), P = parameter count, n = max(n_train, n_val); MlpShape.MamlScratchFloats mirrors it:
//   thetas  (K+1)*P   theta_0 .. theta_K, kept for the reverse pass (memory O(K·P), never O(P²))
//   g       P         running meta-gradient
//   u       P         r ⊙ g_{k+1}, the direction H is applied to
//   hv      P         H_train(theta_k) u
//   grad    P         grad L_train(theta_k)
//   then mlp activation scratch for n points.
#pragma once
#include "mlp_device.cu"

namespace maml {

template <bool kPerParameterRates>
__device__ __forceinline__ float rate(const float* rates, float alpha, int i)
{
    if constexpr (kPerParameterRates) return rates[i];
    else return alpha;
}

template <bool kPerParameterRates>
__device__ void task_meta_gradient(
    const float* theta, const float* rates, float alpha,
    const float* x_train, const float* y_train, int n_train,
    const float* x_val, const float* y_val, int n_val,
    int steps, bool first_order, float* scratch,
    float* meta_gradient, float* rate_gradient, float* val_loss)
{
    const int P = mlp::param_count();
    float* thetas = scratch;
    float* g = thetas + (long long)(steps + 1) * P;
    float* u = g + P;
    float* hv = u + P;
    float* grad = hv + P;
    const mlp::Activations a = mlp::carve_activations(grad + P, max(n_train, n_val));

    for (int i = threadIdx.x; i < P; i += blockDim.x) thetas[i] = theta[i];
    __syncthreads();

    for (int k = 0; k < steps; ++k)
    {
        const float* current = thetas + (long long)k * P;
        float* next = thetas + (long long)(k + 1) * P;
        mlp::loss_gradient(current, x_train, y_train, n_train, a, grad);
        for (int i = threadIdx.x; i < P; i += blockDim.x)
            next[i] = current[i] - rate<kPerParameterRates>(rates, alpha, i) * grad[i];
        __syncthreads();
    }

    const float loss = mlp::loss_gradient(thetas + (long long)steps * P, x_val, y_val, n_val, a, g);
    if (threadIdx.x == 0) *val_loss = loss;
    if constexpr (kPerParameterRates)
        for (int i = threadIdx.x; i < P; i += blockDim.x) rate_gradient[i] = 0.0f;

    for (int k = steps - 1; k >= 0; --k)
    {
        const float* theta_k = thetas + (long long)k * P;
        if (!first_order)
        {
            for (int i = threadIdx.x; i < P; i += blockDim.x) u[i] = rate<kPerParameterRates>(rates, alpha, i) * g[i];
            __syncthreads();
            // Meta-SGD's rate gradient needs grad L_train(theta_k); the H·v pass yields it for free.
            mlp::hessian_vector(theta_k, u, x_train, y_train, n_train, a, kPerParameterRates ? grad : nullptr, hv);
        }
        else if (kPerParameterRates)
        {
            mlp::loss_gradient(theta_k, x_train, y_train, n_train, a, grad);
        }
        // Each thread touches only its own indices i here, so these updates need no barrier
        // between them; the one below orders them before the next step's block-wide reads.
        for (int i = threadIdx.x; i < P; i += blockDim.x)
        {
            if constexpr (kPerParameterRates) rate_gradient[i] -= grad[i] * g[i];
            if (!first_order) g[i] -= hv[i];
        }
        __syncthreads();
    }

    for (int i = threadIdx.x; i < P; i += blockDim.x) meta_gradient[i] = g[i];
}

}  // namespace maml
