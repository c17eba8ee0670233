// One Adam step over `count` parameters, element-parallel with a grid-stride loop:
//   m = beta1 m + (1 - beta1) g
//   v = beta2 v + (1 - beta2) g^2
//   theta -= lr * (m / bias_correction1) / (sqrt(v / bias_correction2) + epsilon)
// The host passes bias_correction_i = 1 - beta_i^t for step t (1-based), so the kernel needs no pow.
extern "C" __global__ void adam_update(
    float* theta, const float* gradient, float* m, float* v, int count,
    float lr, float beta1, float beta2, float epsilon,
    float bias_correction1, float bias_correction2)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < count; i += gridDim.x * blockDim.x)
    {
        const float g = gradient[i];
        const float m_i = beta1 * m[i] + (1.0f - beta1) * g;
        const float v_i = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = m_i;
        v[i] = v_i;
        theta[i] -= lr * (m_i / bias_correction1) / (sqrtf(v_i / bias_correction2) + epsilon);
    }
}
