namespace MetaDsl;

/// <summary>
/// The ops a learner body calls (<c>using static MetaDsl.Ops;</c>). These are the eager reference
/// kernels: plain loops over <see cref="double"/>, slow and obviously correct. They run when a
/// learner's methods are called directly on an instance, and they are what generated code is
/// tested against. The source generator recognizes calls to these exact names.
/// </summary>
/// <remarks>
/// Every op returns a new tensor and never writes to its inputs. Every shape error throws an
/// <see cref="ArgumentException"/> whose message names the op and the shapes involved.
/// </remarks>
public static partial class Ops
{
    /// <summary>Makes a new tensor of the given shape over a fresh array of the right length.</summary>
    private static Tensor NewTensor(int[] shape) => new(new double[ShapeHelper.Size(shape)], shape);

    /// <summary>Applies <paramref name="f"/> to every value.</summary>
    private static Tensor Map(Tensor x, Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(x);
        var result = NewTensor(x.Shape);
        for (int i = 0; i < x.Length; i++) result.Data[i] = f(x.Data[i]);
        return result;
    }
}
