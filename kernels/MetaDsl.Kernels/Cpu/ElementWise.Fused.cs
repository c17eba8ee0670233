using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MetaDsl.Kernels;

public static partial class ElementWise
{
    /// <summary>
    /// dst = a where x &gt; 0, else 0: the product a · Step(x) in one pass, which is how a ReLU's
    /// adjoint and tangent propagate. All three spans have the same length; dst may alias a or x.
    /// </summary>
    public static void MulStep<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> x, Span<T> dst) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (a.Length != dst.Length || x.Length != dst.Length)
            throw new ArgumentException($"MulStep needs equal lengths; got {a.Length}, {x.Length} and destination {dst.Length}.", nameof(dst));
        ref T pa = ref MemoryMarshal.GetReference(a);
        ref T px = ref MemoryMarshal.GetReference(x);
        ref T pd = ref MemoryMarshal.GetReference(dst);
        nuint length = (nuint)dst.Length;
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated && Vector512<T>.IsSupported)
        {
            for (; i + (nuint)Vector512<T>.Count <= length; i += (nuint)Vector512<T>.Count)
            {
                var mask = Vector512.GreaterThan(Vector512.LoadUnsafe(ref px, i), Vector512<T>.Zero);
                (Vector512.LoadUnsafe(ref pa, i) & mask).StoreUnsafe(ref pd, i);
            }
        }
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            for (; i + (nuint)Vector256<T>.Count <= length; i += (nuint)Vector256<T>.Count)
            {
                var mask = Vector256.GreaterThan(Vector256.LoadUnsafe(ref px, i), Vector256<T>.Zero);
                (Vector256.LoadUnsafe(ref pa, i) & mask).StoreUnsafe(ref pd, i);
            }
        }
        for (; i < length; i++)
            Unsafe.Add(ref pd, i) = Unsafe.Add(ref px, i) > T.Zero ? Unsafe.Add(ref pa, i) : T.Zero;
    }
}
