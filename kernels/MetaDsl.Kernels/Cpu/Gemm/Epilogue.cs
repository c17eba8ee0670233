using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace MetaDsl.Kernels;

/// <summary>
/// What a product does to C's values as it stores them: add a bias to each column, then clamp at zero.
/// A linear layer and its ReLU then cost one pass over C instead of three. The values are those of
/// the separate Add and Relu kernels: the sum is the product's, then the bias's, and the clamp is
/// IEEE maximum, as <see cref="TensorPrimitives.Max{T}(ReadOnlySpan{T}, T, Span{T})"/> takes it.
/// </summary>
internal readonly unsafe struct Epilogue<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>n values added to every row of C, or null.</summary>
    public readonly T* Bias;

    /// <summary>Whether negative values are clamped to zero after the bias.</summary>
    public readonly bool Relu;

    private const int NarrowRow = 16;

    public Epilogue(T* bias, bool relu)
    {
        Bias = bias;
        Relu = relu;
    }

    /// <summary>No bias and no clamp.</summary>
    public static Epilogue<T> None => default;

    /// <summary>True when the epilogue leaves the product as it is.</summary>
    public bool IsNone => Bias == null && !Relu;

    /// <summary>The epilogue of a block of columns starting at <paramref name="column"/>.</summary>
    public Epilogue<T> At(nint column) => Bias == null ? this : new Epilogue<T>(Bias + column, Relu);

    /// <summary>Applies to one vector of columns, <paramref name="offset"/> past this epilogue's first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TVec Apply<TOps, TVec>(TVec value, nint offset)
        where TOps : ISimd<TVec, T>
        where TVec : struct
    {
        if (Bias != null)
        {
            value = TOps.Add(value, TOps.Load(Bias + offset));
        }
        if (Relu)
        {
            value = TOps.Max(value, TOps.Zero);
        }
        return value;
    }

    /// <summary>Applies to one value, in column <paramref name="offset"/> past this epilogue's first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Apply(T value, nint offset)
    {
        if (Bias != null)
        {
            value += Bias[offset];
        }
        return Relu ? T.Max(value, T.Zero) : value;
    }

    /// <summary>Applies to <paramref name="rows"/> dense rows of n values at c, written by a kernel without the epilogue.</summary>
    public void ApplyRows(T* c, long rows, int n)
    {
        if (IsNone)
        {
            return;
        }
        if (n < NarrowRow)
        {
            // Rows of a few values (an output layer) cost more in calls than in arithmetic.
            for (T* row = c, end = c + rows * n; row < end; row += n)
            {
                for (int j = 0; j < n; j++)
                {
                    row[j] = Apply(row[j], j);
                }
            }
            return;
        }
        var bias = Bias == null ? default : new ReadOnlySpan<T>(Bias, n);
        for (long r = 0; r < rows; r++)
        {
            var row = new Span<T>(c + r * n, n);
            if (Bias != null)
            {
                TensorPrimitives.Add(row, bias, row);
            }
            if (Relu)
            {
                TensorPrimitives.Max(row, T.Zero, row);
            }
        }
    }
}
