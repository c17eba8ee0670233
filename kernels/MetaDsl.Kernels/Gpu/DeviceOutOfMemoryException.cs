namespace MetaDsl.Kernels.Gpu;

/// <summary>A device allocation failed: the message names what was being allocated, for whom, how much and where.</summary>
public sealed class DeviceOutOfMemoryException : Exception
{
    /// <summary>Creates the exception; <paramref name="inner"/> is ILGPU's or the runtime's own error.</summary>
    public DeviceOutOfMemoryException(string message, Exception inner) : base(message, inner)
    {
    }
}
