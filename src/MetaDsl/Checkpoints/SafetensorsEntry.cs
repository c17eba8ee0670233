namespace MetaDsl.Checkpoints;

/// <summary>One tensor as a safetensors header describes it: where its bytes lie, not the bytes themselves.</summary>
/// <param name="Name">The tensor's key in the header.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dims.</param>
/// <param name="Begin">The first byte of its data, counted from the start of the data buffer.</param>
/// <param name="End">One past its last byte, counted from the start of the data buffer.</param>
public sealed record SafetensorsEntry(string Name, SafetensorsDType DType, int[] Shape, long Begin, long End)
{
    /// <summary>The size of its data in bytes.</summary>
    public long ByteLength => End - Begin;

    /// <summary>The number of elements.</summary>
    public long ElementCount => ByteLength / DType.Size();
}
