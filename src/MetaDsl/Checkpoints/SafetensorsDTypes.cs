namespace MetaDsl.Checkpoints;

/// <summary>Sizes, names and CLR types of <see cref="SafetensorsDType"/>.</summary>
public static class SafetensorsDTypes
{
    /// <summary>Every dtype the safetensors format defines, so an unsupported one is told apart from a misspelt one.</summary>
    private static readonly HashSet<string> s_defined =
        ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64", "C64"];

    /// <summary>Bytes per element.</summary>
    public static int Size(this SafetensorsDType dtype) => dtype == SafetensorsDType.F64 ? 8 : 4;

    /// <summary>The dtype for <typeparamref name="T"/>: <see cref="SafetensorsDType.F32"/> for float, <see cref="SafetensorsDType.F64"/> for double.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither.</exception>
    public static SafetensorsDType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? SafetensorsDType.F32
        : typeof(T) == typeof(double) ? SafetensorsDType.F64
        : throw new NotSupportedException($"Safetensors tensors of {typeof(T).Name} are not supported; use float (F32) or double (F64).");

    /// <summary>Parses a header's dtype string.</summary>
    /// <param name="text">The dtype as written in the header.</param>
    /// <param name="dtype">The parsed dtype.</param>
    /// <param name="problem">Why parsing failed, when it did.</param>
    public static bool TryParse(string text, out SafetensorsDType dtype, out string problem)
    {
        problem = "";
        switch (text)
        {
            case "F32":
                dtype = SafetensorsDType.F32;
                return true;
            case "F64":
                dtype = SafetensorsDType.F64;
                return true;
        }
        dtype = default;
        problem = s_defined.Contains(text)
            ? $"dtype '{text}' is not supported (supported: F32, F64)"
            : $"unknown dtype '{text}' (supported: F32, F64)";
        return false;
    }
}
