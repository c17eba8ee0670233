using System.Numerics;
using System.Numerics.Tensors;

namespace MetaDsl.Meta;

/// <summary>Conjugate gradient for A x = b with A symmetric positive definite, given only A·v; its three work vectors are allocated once.</summary>
internal sealed class ConjugateGradient<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _residual;
    private readonly T[] _search;
    private readonly T[] _product;

    /// <summary>Allocates work vectors of <paramref name="length"/>.</summary>
    public ConjugateGradient(int length)
    {
        _residual = new T[length];
        _search = new T[length];
        _product = new T[length];
    }

    /// <summary>
    /// Solves from x = 0 until ||r|| ≤ <paramref name="tolerance"/>·||b|| or <paramref name="maxIterations"/>
    /// products; returns the number of products taken.
    /// </summary>
    public int Solve(ILinearOperator<T> a, ReadOnlySpan<T> b, Span<T> x, int maxIterations, T tolerance)
    {
        x.Clear();
        b.CopyTo(_residual);
        b.CopyTo(_search);
        T rr = TensorPrimitives.Dot<T>(_residual, _residual);
        T threshold = tolerance * tolerance * rr;
        int iterations = 0;
        while (iterations < maxIterations && rr > threshold)
        {
            a.Apply(_search, _product);
            iterations++;
            T curvature = TensorPrimitives.Dot<T>(_search, _product);
            // A non-positive curvature means A is not positive definite here (H ≤ −lambda):
            // stop at the best iterate rather than divide by it.
            if (curvature <= T.Zero) break;
            T step = rr / curvature;
            TensorPrimitives.MultiplyAdd<T>(_search, step, x, x);
            TensorPrimitives.MultiplyAdd<T>(_product, -step, _residual, _residual);
            T next = TensorPrimitives.Dot<T>(_residual, _residual);
            TensorPrimitives.MultiplyAdd<T>(_search, next / rr, _residual, _search);
            rr = next;
        }
        return iterations;
    }
}
