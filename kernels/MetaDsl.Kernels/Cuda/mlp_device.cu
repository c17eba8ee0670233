// Block-level building blocks for a ReLU MLP with MSE loss: forward pass, gradient, and the exact
// Hessian-vector product (forward-over-reverse). Included by the MAML, Meta-SGD and H·v kernels.
//
// Shape, fixed at compile time by NVRTC -D options (MlpShape.NvrtcDefines writes them):
//   MLP_NUM_LAYERS  number of linear layers L (3 for the 1-40-40-1 sinusoid net)
//   MLP_SIZES       the L+1 widths, input first, comma-separated ("1,40,40,1")
//
// Flat parameter vector theta (P floats), in the learner's [Param] declaration order:
//   for l = 0 .. L-1:  W_l [sizes[l], sizes[l+1]] row-major, then b_l [sizes[l+1]]
// so layer l's linear map is z_l = a_{l-1} W_l + b_l with a_{-1} = x. Hidden layers apply ReLU
// (derivative 1 where z > 0, else 0); the last layer is linear.
// Data: x [n, sizes[0]] and y [n, sizes[L]] row-major.
// Loss: mean over all n * sizes[L] outputs of (prediction - y)^2.
//
// Activation scratch (see carve_activations), in floats, S = sizes[1] + ... + sizes[L],
// Wmax = max(sizes[1..L]):
//   z       n*S     pre-activations; layer l's [n, sizes[l+1]] block starts at n*(sizes[1]+...+sizes[l])
//   zdot    n*S     their tangents along v (H·v only), same layout
//   delta   2*n*Wmax  dL/dz of the current and the previous layer (ping-pong)
//   ddelta  2*n*Wmax  their tangents
//
// Every function here is called by all threads of the block (blockDim.x a multiple of 32, 1-D),
// expects its inputs visible to the whole block, and ends with __syncthreads().
#pragma once

#if !defined(MLP_NUM_LAYERS) || !defined(MLP_SIZES)
#error "Define MLP_NUM_LAYERS and MLP_SIZES, e.g. -DMLP_NUM_LAYERS=3 -DMLP_SIZES=1,40,40,1"
#endif

namespace mlp {

constexpr int kLayers = MLP_NUM_LAYERS;

// Constant memory: every thread reads the same width at the same time, which the constant cache broadcasts.
__constant__ int c_sizes[kLayers + 1] = { MLP_SIZES };

__device__ __forceinline__ int param_count()
{
    int count = 0;
    for (int l = 0; l < kLayers; ++l) count += c_sizes[l] * c_sizes[l + 1] + c_sizes[l + 1];
    return count;
}

__device__ __forceinline__ int hidden_total()
{
    int total = 0;
    for (int l = 1; l <= kLayers; ++l) total += c_sizes[l];
    return total;
}

__device__ __forceinline__ int max_width()
{
    int widest = 0;
    for (int l = 1; l <= kLayers; ++l) widest = max(widest, c_sizes[l]);
    return widest;
}

struct Activations
{
    float* z;
    float* zdot;
    float* delta[2];
    float* ddelta[2];
};

// Floats of activation scratch for n points; MlpShape.ActivationScratchFloats mirrors it.
__device__ __forceinline__ long long activation_floats(int n)
{
    return 2LL * n * hidden_total() + 4LL * n * max_width();
}

__device__ __forceinline__ Activations carve_activations(float* base, int n)
{
    const long long s = (long long)n * hidden_total();
    const long long w = (long long)n * max_width();
    Activations a;
    a.z = base;
    a.zdot = base + s;
    a.delta[0] = base + 2 * s;
    a.delta[1] = base + 2 * s + w;
    a.ddelta[0] = base + 2 * s + 2 * w;
    a.ddelta[1] = base + 2 * s + 3 * w;
    return a;
}

// Sum of one value per thread, returned to every thread.
__device__ float block_sum(float value)
{
    __shared__ float partial[32];
    for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffu, value, offset);
    const int lane = threadIdx.x & 31;
    const int warp = threadIdx.x >> 5;
    if (lane == 0) partial[warp] = value;
    __syncthreads();
    if (warp == 0)
    {
        const int warps = (blockDim.x + 31) >> 5;
        value = lane < warps ? partial[lane] : 0.0f;
        for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffu, value, offset);
        if (lane == 0) partial[0] = value;
    }
    __syncthreads();
    const float total = partial[0];
    __syncthreads();  // nobody may overwrite partial[] (next call) before everyone has read it
    return total;
}

// Input activation i of point p to layer l, and its tangent: x for l = 0 (tangent 0), else
// ReLU of the previous layer's pre-activation. `tangent` is only read when `with_tangent`.
__device__ __forceinline__ void layer_input(
    int l, const float* x, const float* z_prev, const float* zdot_prev, int index, bool with_tangent,
    float& act, float& dact)
{
    if (l == 0)
    {
        act = x[index];
        dact = 0.0f;
        return;
    }
    const bool on = z_prev[index] > 0.0f;
    act = on ? z_prev[index] : 0.0f;
    dact = (with_tangent && on) ? zdot_prev[index] : 0.0f;
}

// Pre-activations of every layer for the n points of x; with v != nullptr also their tangents
// along direction v (zdot_l = adot_{l-1} W_l + a_{l-1} vW_l + vb_l).
__device__ void forward(const float* theta, const float* v, const float* x, int n, const Activations& a)
{
    int w_off = 0, z_off = 0, prev_off = 0;
    for (int l = 0; l < kLayers; ++l)
    {
        const int in = c_sizes[l], out = c_sizes[l + 1];
        const float* W = theta + w_off;
        const float* b = W + in * out;
        const float* vW = v ? v + w_off : nullptr;
        for (int idx = threadIdx.x; idx < n * out; idx += blockDim.x)
        {
            const int p = idx / out, j = idx - p * out;
            float acc = b[j];
            float dacc = v ? vW[in * out + j] : 0.0f;
            for (int i = 0; i < in; ++i)
            {
                float act, dact;
                layer_input(l, x, a.z + prev_off, a.zdot + prev_off, p * in + i, v != nullptr, act, dact);
                const float w = W[i * out + j];
                acc += act * w;
                if (v) dacc += dact * w + act * vW[i * out + j];
            }
            a.z[z_off + idx] = acc;
            if (v) a.zdot[z_off + idx] = dacc;
        }
        __syncthreads();
        prev_off = z_off;
        z_off += n * out;
        w_off += in * out + out;
    }
}

// Writes dL/dz of the output layer into delta[0] (and its tangent into ddelta[0] when
// with_tangent); returns the loss to every thread. Needs forward() first.
__device__ float output_delta(const float* y, int n, const Activations& a, bool with_tangent)
{
    const int out = c_sizes[kLayers];
    const int count = n * out;
    const long long last = (long long)n * (hidden_total() - out);
    const float scale = 2.0f / (float)count;
    float squares = 0.0f;
    for (int idx = threadIdx.x; idx < count; idx += blockDim.x)
    {
        const float residual = a.z[last + idx] - y[idx];
        squares += residual * residual;
        a.delta[0][idx] = scale * residual;
        if (with_tangent) a.ddelta[0][idx] = scale * a.zdot[last + idx];
    }
    return block_sum(squares) / (float)count;
}

// Back-propagates from output_delta(). Writes grad = dL/dtheta when grad != nullptr and, when
// hv != nullptr, hv = H(theta) v for the direction v that forward() was given:
//   dW_l = a_{l-1}^T delta_l              d(dW_l) = adot_{l-1}^T delta_l + a_{l-1}^T ddelta_l
//   db_l = sum_p delta_l                  d(db_l) = sum_p ddelta_l
//   delta_{l-1} = (delta_l W_l^T) ⊙ relu'(z_{l-1})
//   ddelta_{l-1} = (ddelta_l W_l^T + delta_l vW_l^T) ⊙ relu'(z_{l-1})   (relu'' = 0 almost everywhere)
__device__ void backward(
    const float* theta, const float* v, const float* x, int n, const Activations& a, float* grad, float* hv)
{
    int current = 0;
    int w_off = param_count();
    int z_off = n * hidden_total();
    for (int l = kLayers - 1; l >= 0; --l)
    {
        const int in = c_sizes[l], out = c_sizes[l + 1];
        w_off -= in * out + out;
        z_off -= n * out;
        const int prev_off = z_off - n * in;  // layer l-1's block; meaningful only for l > 0
        const float* W = theta + w_off;
        const float* vW = hv ? v + w_off : nullptr;
        const float* d = a.delta[current];
        const float* dd = a.ddelta[current];

        for (int idx = threadIdx.x; idx < in * out + out; idx += blockDim.x)
        {
            float g = 0.0f, h = 0.0f;
            if (idx < in * out)
            {
                const int i = idx / out, j = idx - i * out;
                for (int p = 0; p < n; ++p)
                {
                    float act, dact;
                    layer_input(l, x, a.z + prev_off, a.zdot + prev_off, p * in + i, hv != nullptr, act, dact);
                    g += act * d[p * out + j];
                    if (hv) h += dact * d[p * out + j] + act * dd[p * out + j];
                }
            }
            else
            {
                const int j = idx - in * out;
                for (int p = 0; p < n; ++p)
                {
                    g += d[p * out + j];
                    if (hv) h += dd[p * out + j];
                }
            }
            if (grad) grad[w_off + idx] = g;
            if (hv) hv[w_off + idx] = h;
        }

        if (l > 0)
        {
            float* d_next = a.delta[current ^ 1];
            float* dd_next = a.ddelta[current ^ 1];
            for (int idx = threadIdx.x; idx < n * in; idx += blockDim.x)
            {
                const int p = idx / in, i = idx - p * in;
                float s = 0.0f, ds = 0.0f;
                if (a.z[prev_off + idx] > 0.0f)
                {
                    for (int j = 0; j < out; ++j)
                    {
                        const float w = W[i * out + j];
                        s += d[p * out + j] * w;
                        if (hv) ds += dd[p * out + j] * w + d[p * out + j] * vW[i * out + j];
                    }
                }
                d_next[idx] = s;
                if (hv) dd_next[idx] = ds;
            }
        }
        __syncthreads();
        current ^= 1;
    }
}

// Loss at theta on (x, y); writes its gradient.
__device__ float loss_gradient(
    const float* theta, const float* x, const float* y, int n, const Activations& a, float* grad)
{
    forward(theta, nullptr, x, n, a);
    const float loss = output_delta(y, n, a, false);
    backward(theta, nullptr, x, n, a, grad, nullptr);
    return loss;
}

// Loss at theta on (x, y); writes hv = H(theta) v and, when grad != nullptr, the gradient too.
__device__ float hessian_vector(
    const float* theta, const float* v, const float* x, const float* y, int n, const Activations& a,
    float* grad, float* hv)
{
    forward(theta, v, x, n, a);
    const float loss = output_delta(y, n, a, true);
    backward(theta, v, x, n, a, grad, hv);
    return loss;
}

}  // namespace mlp
