using MetaDsl.Tasks;

namespace MetaDsl.Tests.Cli;

/// <summary>Writes a small folder in Omniglot's layout, <c>root/Alphabet_a/characterNN/NN.png</c>, of 28×28 grey PNGs.</summary>
/// <remarks>
/// Like Omniglot, strokes are black on white. Each character is a horizontal and a vertical bar at
/// its own rows and columns, and its drawings shift them by a pixel or two, so the classes can be
/// learned but no two drawings are identical.
/// </remarks>
internal static class OmniglotTree
{
    public const int Size = 28;

    public static void Write(string root, int alphabets, int characters, int images)
    {
        for (int a = 0; a < alphabets; a++)
            for (int c = 0; c < characters; c++)
            {
                string folder = Path.Combine(root, $"Alphabet_{a}", $"character{c + 1:00}");
                Directory.CreateDirectory(folder);
                int k = a * characters + c;
                for (int i = 0; i < images; i++)
                    PngWriter.WriteGrey(Path.Combine(folder, $"{i:00}.png"), Size, Size, Drawing(row: 3 + 5 * k % 22, column: 3 + 7 * k % 22, shift: i % 3));
            }
    }

    private static byte[] Drawing(int row, int column, int shift)
    {
        var pixels = new byte[Size * Size];
        Array.Fill(pixels, (byte)255);
        for (int j = 0; j < Size; j++)
        {
            pixels[(row + shift) * Size + j] = 0;
            pixels[j * Size + column + shift] = 0;
        }
        return pixels;
    }
}
