using System.Runtime.CompilerServices;

namespace MetaDsl.Kernels.Devices;

/// <summary>The arguments of a launch as a C# kernel body reads them (already checked against the parameters).</summary>
public readonly unsafe struct KernelArguments
{
    private readonly KernelArgument[] _arguments;

    internal KernelArguments(KernelArgument[] arguments) => _arguments = arguments;

    /// <summary>Number of arguments.</summary>
    public int Count => _arguments.Length;

    /// <summary>The memory of view argument <paramref name="index"/>, as a span over host memory.</summary>
    public Span<T> View<T>(int index) where T : unmanaged
    {
        var argument = Get(index, typeof(T), isView: true);
        // Only the CPU accelerator runs C# bodies, and its device addresses are host pointers.
        return new Span<T>((void*)argument.Bits, checked((int)argument.Length));
    }

    /// <summary>The value of scalar argument <paramref name="index"/>.</summary>
    public T Scalar<T>(int index) where T : unmanaged
    {
        var bits = Get(index, typeof(T), isView: false).Bits;
        // Scalars are stored little-endian in the low bytes of a ulong.
        return Unsafe.As<ulong, T>(ref bits);
    }

    private KernelArgument Get(int index, Type type, bool isView)
    {
        var argument = _arguments[index];
        if (argument.IsView != isView || argument.ElementType != type)
            throw new InvalidOperationException(
                $"Argument {index} is {argument}, not {(isView ? $"ArrayView<{type.Name}>" : type.Name)}.");
        return argument;
    }
}
