using System.Buffers.Binary;

namespace MetaDsl.Tasks;

/// <summary>The fields of a PNG's IHDR chunk that decoding needs, validated against what <see cref="PngDecoder"/> supports.</summary>
internal sealed record PngHeader(int Width, int Height, int BitDepth, int ColorType)
{
    /// <summary>PNG colour types.</summary>
    public const int Grey = 0, Rgb = 2, Palette = 3, GreyAlpha = 4, Rgba = 6;

    /// <summary>Samples per pixel.</summary>
    public int Channels => ColorType switch { Rgb => 3, GreyAlpha => 2, Rgba => 4, _ => 1 };

    /// <summary>Bytes in one unfiltered scanline.</summary>
    public int Stride => (int)(((long)Width * Channels * BitDepth + 7) / 8);

    /// <summary>The filters' "bpp": bytes per complete pixel, at least 1.</summary>
    public int BytesPerPixel => Math.Max(1, Channels * BitDepth / 8);

    /// <summary>Parses and checks an IHDR chunk's data.</summary>
    public static PngHeader Parse(ReadOnlySpan<byte> data, string name)
    {
        if (data.Length != 13)
            throw PngDecoder.Error(name, $"the IHDR chunk has {data.Length} bytes, expected 13");
        uint width = BinaryPrimitives.ReadUInt32BigEndian(data);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int depth = data[8], color = data[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw PngDecoder.Error(name, $"invalid size {width}x{height}");
        if ((long)width * height > PngDecoder.MaxPixels)
            throw PngDecoder.Error(name, $"the image is {width}x{height}, more than the {PngDecoder.MaxPixels} pixels supported");
        bool valid = color switch
        {
            Grey => depth is 1 or 2 or 4 or 8 or 16,
            Palette => depth is 1 or 2 or 4 or 8,
            Rgb or GreyAlpha or Rgba => depth is 8 or 16,
            _ => throw PngDecoder.Error(name, $"unknown colour type {color} (valid: 0, 2, 3, 4, 6)"),
        };
        if (!valid)
            throw PngDecoder.Error(name, $"bit depth {depth} is not valid for colour type {color}");
        if (depth == 16)
            throw PngDecoder.Error(name, $"16-bit samples (colour type {color}) are not supported; use 8 bits");
        if (data[10] != 0) throw PngDecoder.Error(name, $"unknown compression method {data[10]} (only 0 exists)");
        if (data[11] != 0) throw PngDecoder.Error(name, $"unknown filter method {data[11]} (only 0 exists)");
        if (data[12] == 1) throw PngDecoder.Error(name, "interlaced (Adam7) PNGs are not supported; save it non-interlaced");
        if (data[12] != 0) throw PngDecoder.Error(name, $"unknown interlace method {data[12]}");
        return new PngHeader((int)width, (int)height, depth, color);
    }
}
