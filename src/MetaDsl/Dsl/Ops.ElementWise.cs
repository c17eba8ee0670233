namespace MetaDsl;

public static partial class Ops
{
    /// <summary>
    /// Combines two tensors value by value. Shapes broadcast when they are equal, when one is a
    /// suffix of the other (its trailing dims; it repeats over the leading ones), when either
    /// holds a single value (rank 0 or all dims 1), or by NumPy's rule (aligned from the right,
    /// each pair of dims equal or one of them 1). The result has the larger shape.
    /// </summary>
    private static Tensor Zip(string op, Tensor a, Tensor b, Func<double, double, double> f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = ShapeHelper.Broadcast(op, a.Shape, b.Shape);
        var result = NewTensor(shape);
        if (Periodic(a, shape) && Periodic(b, shape))
        {
            // Equal shapes, a suffix or a single value: the operand's values repeat with period equal to its length.
            for (int i = 0; i < result.Length; i++)
                result.Data[i] = f(a.Data[i % a.Length], b.Data[i % b.Length]);
            return result;
        }
        var strideA = ShapeHelper.BroadcastStrides(a.Shape, shape);
        var strideB = ShapeHelper.BroadcastStrides(b.Shape, shape);
        var index = new int[shape.Length];
        for (int i = 0; i < result.Length; i++)
        {
            int at = 0, bt = 0;
            for (int d = 0; d < shape.Length; d++)
            {
                at += index[d] * strideA[d];
                bt += index[d] * strideB[d];
            }
            result.Data[i] = f(a.Data[at], b.Data[bt]);
            for (int d = shape.Length - 1; d >= 0 && ++index[d] == shape[d]; d--) index[d] = 0;
        }
        return result;
    }

    private static bool Periodic(Tensor operand, int[] shape) => operand.Length == 1 || ShapeHelper.IsSuffix(operand.Shape, shape);

    /// <summary>Element-wise <c>a + b</c> with broadcasting (equal shapes, one shape a suffix of the other, a single-value operand, or size-1 dims).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Add(Tensor a, Tensor b) => Zip(nameof(Add), a, b, static (u, v) => u + v);

    /// <summary>Element-wise <c>a - b</c> with broadcasting (equal shapes, one shape a suffix of the other, a single-value operand, or size-1 dims).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Sub(Tensor a, Tensor b) => Zip(nameof(Sub), a, b, static (u, v) => u - v);

    /// <summary>Element-wise <c>a * b</c> with broadcasting (equal shapes, one shape a suffix of the other, a single-value operand, or size-1 dims).</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Mul(Tensor a, Tensor b) => Zip(nameof(Mul), a, b, static (u, v) => u * v);

    /// <summary>Element-wise <c>a / b</c> with broadcasting (equal shapes, one shape a suffix of the other, a single-value operand, or size-1 dims). Division by zero follows IEEE 754.</summary>
    /// <exception cref="ArgumentException">The shapes do not broadcast.</exception>
    public static Tensor Div(Tensor a, Tensor b) => Zip(nameof(Div), a, b, static (u, v) => u / v);

    /// <summary><c>a + b</c> for every value of <paramref name="a"/>; the result has <paramref name="a"/>'s shape.</summary>
    public static Tensor Add(Tensor a, double b) => Add(a, Tensor.Scalar(b));

    /// <summary><c>a + b</c> for every value of <paramref name="b"/>; the result has <paramref name="b"/>'s shape.</summary>
    public static Tensor Add(double a, Tensor b) => Add(Tensor.Scalar(a), b);

    /// <summary><c>a - b</c> for every value of <paramref name="a"/>; the result has <paramref name="a"/>'s shape.</summary>
    public static Tensor Sub(Tensor a, double b) => Sub(a, Tensor.Scalar(b));

    /// <summary><c>a - b</c> for every value of <paramref name="b"/>; the result has <paramref name="b"/>'s shape.</summary>
    public static Tensor Sub(double a, Tensor b) => Sub(Tensor.Scalar(a), b);

    /// <summary><c>a * b</c> for every value of <paramref name="a"/>; the result has <paramref name="a"/>'s shape.</summary>
    public static Tensor Mul(Tensor a, double b) => Mul(a, Tensor.Scalar(b));

    /// <summary><c>a * b</c> for every value of <paramref name="b"/>; the result has <paramref name="b"/>'s shape.</summary>
    public static Tensor Mul(double a, Tensor b) => Mul(Tensor.Scalar(a), b);

    /// <summary><c>a / b</c> for every value of <paramref name="a"/>; the result has <paramref name="a"/>'s shape.</summary>
    public static Tensor Div(Tensor a, double b) => Div(a, Tensor.Scalar(b));

    /// <summary><c>a / b</c> for every value of <paramref name="b"/>; the result has <paramref name="b"/>'s shape.</summary>
    public static Tensor Div(double a, Tensor b) => Div(Tensor.Scalar(a), b);

    /// <summary>Element-wise <c>-x</c>.</summary>
    public static Tensor Neg(Tensor x) => Map(x, static v => -v);

    /// <summary>Element-wise <c>max(x, 0)</c> (0 at 0; NaN stays NaN).</summary>
    public static Tensor Relu(Tensor x) => Map(x, static v => v > 0 ? v : v <= 0 ? 0.0 : v);

    /// <summary>Element-wise hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Map(x, Math.Tanh);

    /// <summary>Element-wise logistic function <c>1 / (1 + exp(-x))</c>, computed without overflow for large |x|.</summary>
    public static Tensor Sigmoid(Tensor x) => Map(x, static v =>
    {
        if (v >= 0) return 1.0 / (1.0 + Math.Exp(-v));
        double e = Math.Exp(v);
        return e / (1.0 + e);
    });

    /// <summary>Element-wise <c>exp(x)</c>.</summary>
    public static Tensor Exp(Tensor x) => Map(x, Math.Exp);

    /// <summary>Element-wise natural logarithm (<c>-∞</c> at 0, NaN below 0).</summary>
    public static Tensor Log(Tensor x) => Map(x, Math.Log);

    /// <summary>Element-wise <c>x * x</c>.</summary>
    public static Tensor Square(Tensor x) => Map(x, static v => v * v);
}
