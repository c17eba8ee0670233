namespace MetaDsl.Kernels.Gpu;

/// <summary>A requested accelerator is not on this machine; the message says what was looked for.</summary>
public sealed class DeviceUnavailableException : Exception
{
    /// <summary>Creates the exception with its explanation.</summary>
    public DeviceUnavailableException(string message) : base(message)
    {
    }
}
