namespace MetaDsl.Tasks;

/// <summary>The five PNG scanline filters (None, Sub, Up, Average, Paeth), both directions.</summary>
internal static class PngFilters
{
    /// <summary>Filter type bytes as they appear at the start of each scanline.</summary>
    public const byte None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>
    /// Reverses filter <paramref name="type"/> on <paramref name="row"/> in place, given the already
    /// reconstructed <paramref name="previous"/> row (all zeros for the first) and bytes per pixel.
    /// Returns false for an unknown filter type.
    /// </summary>
    public static bool Unfilter(byte type, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        switch (type)
        {
            case None:
                return true;
            case Sub:
                for (int i = bpp; i < row.Length; i++) row[i] += row[i - bpp];
                return true;
            case Up:
                for (int i = 0; i < row.Length; i++) row[i] += previous[i];
                return true;
            case Average:
                for (int i = 0; i < row.Length; i++)
                    row[i] += (byte)(((i >= bpp ? row[i - bpp] : 0) + previous[i]) >> 1);
                return true;
            case Paeth:
                for (int i = 0; i < row.Length; i++)
                    row[i] += Predict(i >= bpp ? row[i - bpp] : (byte)0, previous[i], i >= bpp ? previous[i - bpp] : (byte)0);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Applies filter <paramref name="type"/> to <paramref name="row"/>, writing the filtered bytes to <paramref name="output"/>.</summary>
    public static void Filter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> output)
    {
        for (int i = 0; i < row.Length; i++)
        {
            byte left = i >= bpp ? row[i - bpp] : (byte)0;
            byte upLeft = i >= bpp ? previous[i - bpp] : (byte)0;
            output[i] = type switch
            {
                None => row[i],
                Sub => (byte)(row[i] - left),
                Up => (byte)(row[i] - previous[i]),
                Average => (byte)(row[i] - ((left + previous[i]) >> 1)),
                Paeth => (byte)(row[i] - Predict(left, previous[i], upLeft)),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "PNG filter types are 0 to 4."),
            };
        }
    }

    /// <summary>The Paeth predictor: whichever of left, up, up-left is closest to left + up − up-left.</summary>
    private static byte Predict(byte a, byte b, byte c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
