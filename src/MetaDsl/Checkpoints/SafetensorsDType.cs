namespace MetaDsl.Checkpoints;

/// <summary>The element types MetaDsl reads and writes in safetensors files (named as in the format).</summary>
public enum SafetensorsDType
{
    /// <summary>32-bit IEEE 754 float, little-endian ("F32").</summary>
    F32,

    /// <summary>64-bit IEEE 754 float, little-endian ("F64").</summary>
    F64,
}
