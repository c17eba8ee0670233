namespace MetaDsl.Tasks;

/// <summary>The CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320 reflected).</summary>
internal static class PngCrc
{
    private static readonly uint[] s_table = BuildTable();

    /// <summary>The CRC of <paramref name="a"/> followed by <paramref name="b"/> (a chunk's type, then its data).</summary>
    public static uint Compute(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => ~Update(Update(0xFFFFFFFFu, a), b);

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (byte x in bytes) crc = s_table[(crc ^ x) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
