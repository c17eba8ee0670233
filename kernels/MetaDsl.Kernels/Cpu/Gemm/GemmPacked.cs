using System.Numerics;

namespace MetaDsl.Kernels;

/// <summary>
/// GEMM for large shapes, blocked for the caches: a KC×NC panel of B is packed once into strips
/// the width of the micro-kernel, and each MC×KC block of A into groups of rows, so the kernel
/// reads both sequentially. Row blocks run in parallel when the product is large enough.
/// </summary>
internal static unsafe class GemmPacked<TOps, TVec, T>
    where TOps : ISimd<TVec, T>
    where TVec : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int KC = 256;
    private const int MC = 128;

    /// <summary>The most rows of A one packed block holds.</summary>
    public const int RowBlock = MC;
    private const int NC = 1024;
    private const int Rows = MicroKernel<TOps, TVec, T>.MaxRows;

    [ThreadStatic] private static T[]? packedA;
    [ThreadStatic] private static T[]? packedB;
    [ThreadStatic] private static BlockWork? t_blocks;

    /// <summary>
    /// C (+)= A·B with C dense m×n, A(i, p) = a[i·ai + p·ap], B(p, j) = b[p·bp + j·bj]. Needs n ≥ two vectors.
    /// </summary>
    public static void Multiply(T* a, nint ai, nint ap, T* b, nint bp, nint bj, T* c, int m, int k, int n, bool accumulate, bool parallel)
    {
        int strip = 2 * TOps.Count;
        int blocks = (m + MC - 1) / MC;
        var panel = ThreadBuffer.Rent(ref packedB, KC * (NC + strip));
        fixed (T* pb = panel)
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                int strips = (nc + strip - 1) / strip;
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackB(b + pc * bp, bp, bj, pb, jc, nc, n, kc, strip);
                    var job = new Job(a + pc * ap, ai, ap, pb, c, m, n, kc, jc, strips, accumulate || pc > 0);
                    if (parallel && blocks > 1)
                    {
                        RunParallel(job, blocks);
                    }
                    else
                    {
                        for (int block = 0; block < blocks; block++)
                        {
                            job.Run(block);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Runs the row blocks over the cores' <see cref="WorkerPool"/>, which keeps the same threads (and so
    /// their warm packing buffers) from call to call and allocates nothing; inside a pool job, such as one
    /// task of a meta-batch, the blocks run on this thread.
    /// </summary>
    private static void RunParallel(Job job, int blocks)
    {
        var pool = WorkerPool.Shared(Environment.ProcessorCount);
        var work = t_blocks ??= new BlockWork();
        work.Set(job, blocks, pool.Workers);
        pool.Run(work);
    }

    /// <summary>
    /// Packs columns [jc, jc + nc) of B's rows [0, kc) as strips of kc×strip values. The last strip,
    /// when short, is moved left to end at column n, where the micro-kernel will skip its overlap.
    /// </summary>
    private static void PackB(T* b, nint bp, nint bj, T* dst, int jc, int nc, int n, int kc, int strip)
    {
        for (int s = 0; s * strip < nc; s++)
        {
            int start = Math.Min(jc + s * strip, n - strip);
            T* from = b + start * bj;
            if (bj == 1)
            {
                for (int p = 0; p < kc; p++, from += bp, dst += strip)
                {
                    for (int q = 0; q < strip; q += TOps.Count)
                    {
                        TOps.Store(TOps.Load(from + q), dst + q);
                    }
                }
            }
            else if (bp == 1)
            {
                // B stored transposed (a weight gradient's im2col columns): its columns are contiguous rows, transposed in register blocks.
                Transpose.Strided(from, bj, dst, strip, strip, kc);
                dst += kc * strip;
            }
            else
            {
                for (int p = 0; p < kc; p++, from += bp, dst += strip)
                {
                    for (int q = 0; q < strip; q++)
                    {
                        dst[q] = from[q * bj];
                    }
                }
            }
        }
    }

    /// <summary>Packs rows [0, mc) of A's columns [0, kc) as groups of <see cref="Rows"/> rows, column after column.</summary>
    private static void PackA(T* a, nint ai, nint ap, T* dst, int mc, int kc)
    {
        for (int g = 0; g < mc; g += Rows)
        {
            int rows = Math.Min(Rows, mc - g);
            T* from = a + g * ai;
            for (int p = 0; p < kc; p++, dst += Rows)
            {
                T* column = from + p * ap;
                for (int r = 0; r < rows; r++)
                {
                    dst[r] = column[r * ai];
                }
            }
        }
    }

    /// <summary>A job's row blocks dealt to the pool's workers in turn; one per calling thread, reused.</summary>
    private sealed class BlockWork : WorkerPool.IWork
    {
        private Job _job;
        private int _blocks;
        private int _workers;

        public void Set(Job job, int blocks, int workers)
        {
            _job = job;
            _blocks = blocks;
            _workers = workers;
        }

        public void Run(int worker)
        {
            for (int block = worker; block < _blocks; block += _workers)
            {
                _job.Run(block);
            }
        }
    }

    /// <summary>
    /// C_b (+)= A·B_b for b &lt; batch, one A shared by the batch and at most <see cref="RowBlock"/> rows: each K slice
    /// of A is packed once for every item (a convolution's weights over a batch of images) instead of once per item.
    /// B_b starts at b + b·strideB; C_b is dense m×n at c[b·m·n]. Needs n ≥ two vectors.
    /// </summary>
    public static void MultiplySharedA(T* a, nint ai, nint ap, T* b, nint bp, nint bj, nint strideB, T* c, int batch, int m, int k, int n, bool accumulate)
    {
        int strip = 2 * TOps.Count;
        var panel = ThreadBuffer.Rent(ref packedB, KC * (NC + strip));
        var rows = ThreadBuffer.Rent(ref packedA, MC * KC);
        fixed (T* pb = panel, pa = rows)
        {
            for (int jc = 0; jc < n; jc += NC)
            {
                int nc = Math.Min(NC, n - jc);
                int strips = (nc + strip - 1) / strip;
                for (int pc = 0; pc < k; pc += KC)
                {
                    int kc = Math.Min(KC, k - pc);
                    PackA(a + pc * ap, ai, ap, pa, m, kc);
                    for (int item = 0; item < batch; item++)
                    {
                        PackB(b + item * strideB + pc * bp, bp, bj, pb, jc, nc, n, kc, strip);
                        Strips(pa, pb, c + (nint)item * m * n, m, n, kc, jc, strips, accumulate || pc > 0);
                    }
                }
            }
        }
    }

    /// <summary>The micro-kernel over every strip of a packed panel for one packed block of mc rows, whose C starts at c.</summary>
    private static void Strips(T* pa, T* packedPanel, T* c, int mc, int n, int kc, int jc, int strips, bool accumulate)
    {
        int strip = 2 * TOps.Count;
        for (int s = 0; s < strips; s++)
        {
            int start = Math.Min(jc + s * strip, n - strip);
            int skip = jc + s * strip - start;
            BlockRows<TOps, TVec, T>.Strip<Two>(
                pa, 1, Rows, Rows * kc, packedPanel + s * kc * strip, strip,
                c + start, n, mc, kc, accumulate, skip, Epilogue<T>.None);
        }
    }

    /// <summary>One KC slice of the product, split into row blocks that threads may take in any order.</summary>
    private readonly struct Job(T* a, nint ai, nint ap, T* packedPanel, T* c, int m, int n, int kc, int jc, int strips, bool accumulate)
    {
        public void Run(int block)
        {
            int i0 = block * MC;
            int mc = Math.Min(MC, m - i0);
            var buffer = ThreadBuffer.Rent(ref packedA, MC * KC);
            fixed (T* pa = buffer)
            {
                PackA(a + i0 * ai, ai, ap, pa, mc, kc);
                Strips(pa, packedPanel, c + i0 * n, mc, n, kc, jc, strips, accumulate);
            }
        }
    }
}
