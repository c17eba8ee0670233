// Block-level primitives that generated CUDA calls, one per IR op (MetaDsl.Generators, Graph/Ops).
// Each has the semantics of the CPU kernel of the same name in MetaDsl.Kernels (Cpu/*.cs):
//   - tensors are dense, row-major, and sized by the caller (sizes are compile-time constants there);
//   - binary ops broadcast by suffix: operand index = i % operand length (a scalar has length 1);
//   - axis ops view a tensor as [outer, mid, inner] around the axis.
// Every thread of the block calls every primitive with the same arguments; work is strided over
// threadIdx.x / blockDim.x, and each primitive ends with __syncthreads(), so its output is complete
// and visible to the whole block when it returns. blockDim.x must be a multiple of 32 (warp reductions).
// Outputs never alias inputs (the generator's buffer plan guarantees it).
#pragma once

namespace mdsl {

// ---- reductions inside a warp and a block ----

template <typename T>
__device__ __forceinline__ T warp_sum(T value)
{
    for (int offset = 16; offset > 0; offset >>= 1) value += __shfl_down_sync(0xffffffffu, value, offset);
    return value;  // complete in lane 0
}

// The sum of one value per thread, returned to every thread.
template <typename T>
__device__ T block_sum(T value)
{
    __shared__ T partial[32];
    value = warp_sum(value);
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    if (lane == 0) partial[warp] = value;
    __syncthreads();
    if (warp == 0)
    {
        value = lane < (int)(blockDim.x >> 5) ? partial[lane] : T(0);
        value = warp_sum(value);
        if (lane == 0) partial[0] = value;
    }
    __syncthreads();
    const T total = partial[0];
    __syncthreads();  // the next call may overwrite partial[] only after everyone has read it
    return total;
}

// ---- filling and copying ----

template <typename T>
__device__ void fill(T* dst, int count, T value)
{
    for (int i = threadIdx.x; i < count; i += blockDim.x) dst[i] = value;
    __syncthreads();
}

template <typename T>
__device__ void copy(const T* src, T* dst, int count)
{
    for (int i = threadIdx.x; i < count; i += blockDim.x) dst[i] = src[i];
    __syncthreads();
}

// ---- element-wise ----

template <typename T, typename Op>
__device__ void binary(const T* a, int a_length, const T* b, int b_length, T* dst, int length, Op op)
{
    for (int i = threadIdx.x; i < length; i += blockDim.x)
        dst[i] = op(a[a_length == length ? i : i % a_length], b[b_length == length ? i : i % b_length]);
    __syncthreads();
}

template <typename T>
__device__ void add(const T* a, int a_length, const T* b, int b_length, T* dst, int length)
{
    binary(a, a_length, b, b_length, dst, length, [](T x, T y) { return x + y; });
}

template <typename T>
__device__ void sub(const T* a, int a_length, const T* b, int b_length, T* dst, int length)
{
    binary(a, a_length, b, b_length, dst, length, [](T x, T y) { return x - y; });
}

template <typename T>
__device__ void mul(const T* a, int a_length, const T* b, int b_length, T* dst, int length)
{
    binary(a, a_length, b, b_length, dst, length, [](T x, T y) { return x * y; });
}

template <typename T>
__device__ void div(const T* a, int a_length, const T* b, int b_length, T* dst, int length)
{
    binary(a, a_length, b, b_length, dst, length, [](T x, T y) { return x / y; });
}

template <typename T, typename Op>
__device__ void unary(const T* src, T* dst, int length, Op op)
{
    for (int i = threadIdx.x; i < length; i += blockDim.x) dst[i] = op(src[i]);
    __syncthreads();
}

template <typename T>
__device__ void neg(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return -x; }); }

template <typename T>
__device__ void relu(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return x > T(0) ? x : T(0); }); }

// The derivative of relu: 1 where x > 0, else 0.
template <typename T>
__device__ void step(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return x > T(0) ? T(1) : T(0); }); }

template <typename T>
__device__ void tanh(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return ::tanh(x); }); }

template <typename T>
__device__ void sigmoid(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return T(1) / (T(1) + ::exp(-x)); }); }

template <typename T>
__device__ void exp(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return ::exp(x); }); }

template <typename T>
__device__ void log(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return ::log(x); }); }

template <typename T>
__device__ void square(const T* src, T* dst, int length) { unary(src, dst, length, [](T x) { return x * x; }); }

// One row of `classes` values per label: 1 at the label's class. A device cannot throw, so a label
// that is not an integer in [0, classes) turns its row into NaNs, which the loss then shows.
template <typename T>
__device__ void one_hot(const T* labels, int count, T* dst, int classes)
{
    for (int i = threadIdx.x; i < count * classes; i += blockDim.x)
    {
        const int row = i / classes, column = i - row * classes;
        const T label = labels[row];
        const bool valid = label >= T(0) && label < T(classes) && label == T((int)label);
        dst[i] = valid ? (column == (int)label ? T(1) : T(0)) : T(0) / T(0);
    }
    __syncthreads();
}

// ---- reductions and their adjoints ----

// dst[0] = the sum of src.
template <typename T>
__device__ void sum(const T* src, int length, T* dst)
{
    T partial = T(0);
    for (int i = threadIdx.x; i < length; i += blockDim.x) partial += src[i];
    const T total = block_sum(partial);
    if (threadIdx.x == 0) dst[0] = total;
    __syncthreads();
}

// dst[o*inner + i] = sum over m of src[(o*mid + m)*inner + i]. With fewer outputs than threads a
// warp shares each output (lanes split mid), so short, long reductions (a loss over n points) stay parallel.
template <typename T>
__device__ void sum_axis(const T* src, T* dst, int outer, int mid, int inner)
{
    const int outputs = outer * inner;
    if (outputs >= (int)blockDim.x)
    {
        for (int j = threadIdx.x; j < outputs; j += blockDim.x)
        {
            const int o = j / inner, i = j - o * inner;
            const T* from = src + (long long)o * mid * inner + i;
            T total = T(0);
            for (int m = 0; m < mid; ++m) total += from[(long long)m * inner];
            dst[j] = total;
        }
    }
    else
    {
        const int lane = threadIdx.x & 31, warps = blockDim.x >> 5;
        for (int j = threadIdx.x >> 5; j < outputs; j += warps)
        {
            const int o = j / inner, i = j - o * inner;
            const T* from = src + (long long)o * mid * inner + i;
            T total = T(0);
            for (int m = lane; m < mid; m += 32) total += from[(long long)m * inner];
            total = warp_sum(total);
            if (lane == 0) dst[j] = total;
        }
    }
    __syncthreads();
}

// dst[(o*mid + m)*inner + i] = src[o*inner + i]: the adjoint of sum_axis.
template <typename T>
__device__ void expand_axis(const T* src, T* dst, int outer, int mid, int inner)
{
    for (int j = threadIdx.x; j < outer * mid * inner; j += blockDim.x)
    {
        const int i = j % inner, o = j / (mid * inner);
        dst[j] = src[o * inner + i];
    }
    __syncthreads();
}

// dst[j] = sum over r of src[r*dst_length + j]: a suffix-broadcast operand's adjoint.
template <typename T>
__device__ void sum_to(const T* src, int src_length, T* dst, int dst_length)
{
    sum_axis(src, dst, 1, src_length / dst_length, dst_length);
}

// dst[i] = src[i % src_length]: suffix broadcasting.
template <typename T>
__device__ void broadcast_to(const T* src, int src_length, T* dst, int dst_length)
{
    for (int i = threadIdx.x; i < dst_length; i += blockDim.x) dst[i] = src[i % src_length];
    __syncthreads();
}

// ---- linear algebra ----

// For each b < batch: C_b = op(A_b) · op(B_b), C_b dense m×n at c + b*m*n. A_b starts at a + b*stride_a,
// stored m×k row-major (k×m when trans_a); B_b at b + b*stride_b, k×n (n×k when trans_b). A stride of 0
// shares one operand over the batch. One thread per output element; the operands of a task are small
// enough to stay in L1/L2, which is what the per-op path is for.
template <typename T>
__device__ void matmul(const T* a, const T* b, T* c, int batch, int m, int k, int n,
                       bool trans_a, bool trans_b, int stride_a, int stride_b)
{
    const int a_row = trans_a ? 1 : k, a_col = trans_a ? m : 1;
    const int b_row = trans_b ? 1 : n, b_col = trans_b ? k : 1;
    for (int idx = threadIdx.x; idx < batch * m * n; idx += blockDim.x)
    {
        const int bi = idx / (m * n), rest = idx - bi * m * n;
        const int i = rest / n, j = rest - i * n;
        const T* x = a + (long long)bi * stride_a + (long long)i * a_row;
        const T* y = b + (long long)bi * stride_b + (long long)j * b_col;
        T total = T(0);
        for (int p = 0; p < k; ++p) total += x[(long long)p * a_col] * y[(long long)p * b_row];
        c[idx] = total;
    }
    __syncthreads();
}

// ---- softmax over the mid axis ----

template <typename T, bool kLog>
__device__ void softmax_lines(const T* src, T* dst, int outer, int mid, int inner)
{
    for (int j = threadIdx.x; j < outer * inner; j += blockDim.x)
    {
        const int o = j / inner, i = j - o * inner;
        const long long base = (long long)o * mid * inner + i;
        T top = src[base];
        for (int m = 1; m < mid; ++m) top = src[base + (long long)m * inner] > top ? src[base + (long long)m * inner] : top;
        T total = T(0);
        for (int m = 0; m < mid; ++m) total += ::exp(src[base + (long long)m * inner] - top);
        const T log_total = ::log(total);
        for (int m = 0; m < mid; ++m)
        {
            const T shifted = src[base + (long long)m * inner] - top;
            dst[base + (long long)m * inner] = kLog ? shifted - log_total : ::exp(shifted) / total;
        }
    }
    __syncthreads();
}

// exp(x - max) / sum(exp(x - max)) along the mid axis.
template <typename T>
__device__ void softmax(const T* src, T* dst, int outer, int mid, int inner) { softmax_lines<T, false>(src, dst, outer, mid, inner); }

// x - max - log(sum(exp(x - max))) along the mid axis.
template <typename T>
__device__ void log_softmax(const T* src, T* dst, int outer, int mid, int inner) { softmax_lines<T, true>(src, dst, outer, mid, inner); }

// ---- layout ----

// Permutes the axes of a rank-4 tensor (lower ranks are padded with leading unit dims by the caller):
// dst has dims d[p0], d[p1], d[p2], d[p3], and dst[i0, i1, i2, i3] = src at the index whose axis p_k is i_k.
template <typename T>
__device__ void transpose(const T* src, T* dst, int d0, int d1, int d2, int d3, int p0, int p1, int p2, int p3)
{
    const int dims[4] = { d0, d1, d2, d3 };
    const int perm[4] = { p0, p1, p2, p3 };
    long long stride[4];
    stride[3] = 1;
    for (int d = 2; d >= 0; --d) stride[d] = stride[d + 1] * dims[d + 1];
    const int total = d0 * d1 * d2 * d3;
    for (int idx = threadIdx.x; idx < total; idx += blockDim.x)
    {
        long long from = 0;
        int rest = idx;
        for (int d = 3; d >= 0; --d)
        {
            const int extent = dims[perm[d]];
            from += (long long)(rest % extent) * stride[perm[d]];
            rest /= extent;
        }
        dst[idx] = src[from];
    }
    __syncthreads();
}

}  // namespace mdsl
