using SkiaSharp;

namespace MetaDsl.Tasks.Glyphs;

/// <summary>
/// Draws a character as one simulated person would: its stroke medians, jittered (each stroke shifted
/// as a whole and each point on its own), drawn as smooth curves with round ends at the drawer's pen
/// width, after a small affine warp (slant, scale, shear, shift). Black strokes on white without
/// anti-aliasing, like Omniglot's binary images. Everything random comes from the seed, the character
/// and the drawer, so a drawing is the same on every run and thread.
/// </summary>
public static class GlyphRenderer
{
    /// <summary>Omniglot's image side.</summary>
    public const int DefaultSize = 105;

    /// <summary>Renders <paramref name="character"/> by drawer <paramref name="drawer"/> into <paramref name="size"/>² grey bytes (0 ink, 255 paper).</summary>
    public static byte[] Render(StrokeCharacter character, int drawer, ulong seed, int size = DefaultSize)
    {
        ArgumentNullException.ThrowIfNull(character);
        ArgumentOutOfRangeException.ThrowIfNegative(drawer);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 8);
        // A drawer keeps a style across characters (pen, slant, size); each drawing varies around it.
        var style = new SplitMix64(Mix(seed, (ulong)drawer, 0x5157_4C45));
        double pen = size / 105.0 * (2.0 + 2.5 * style.NextDouble());
        double slant = style.NextGaussian() * 0.06;
        double scale = 0.92 + 0.1 * style.NextDouble();
        var rng = new SplitMix64(Mix(seed, (ulong)drawer, (ulong)char.ConvertToUtf32(character.Character, 0)));
        double angle = slant + rng.NextGaussian() * 0.05;
        double s = scale * (1 + rng.NextGaussian() * 0.04) * 0.86 * size / StrokeCharacter.Box;
        double shear = rng.NextGaussian() * 0.08;
        double dx = rng.NextGaussian() * 0.03 * size, dy = rng.NextGaussian() * 0.03 * size;
        double cos = Math.Cos(angle), sin = Math.Sin(angle);

        SKPoint Map(double x, double y)
        {
            // About the box's centre: shear, rotate, scale, then into the image's centre.
            x -= StrokeCharacter.Box / 2;
            y -= StrokeCharacter.Box / 2;
            x += shear * y;
            return new SKPoint((float)(size / 2.0 + dx + s * (cos * x - sin * y)), (float)(size / 2.0 + dy + s * (sin * x + cos * y)));
        }

        var info = new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Color = SKColors.Black, IsStroke = true, IsAntialias = false, StrokeWidth = (float)pen, StrokeCap = SKStrokeCap.Round, StrokeJoin = SKStrokeJoin.Round })
        {
            canvas.Clear(SKColors.White);
            foreach (var stroke in character.Strokes)
            {
                double sx = rng.NextGaussian() * 12, sy = rng.NextGaussian() * 12;
                int points = stroke.Length / 2;
                var p = new SKPoint[points];
                for (int i = 0; i < points; i++)
                    p[i] = Map(stroke[2 * i] + sx + rng.NextGaussian() * 7, stroke[2 * i + 1] + sy + rng.NextGaussian() * 7);
                using var builder = new SKPathBuilder();
                builder.MoveTo(p[0]);
                if (points == 1) builder.LineTo(p[0]);
                // Through the midpoints, with each point as a control point: a smooth pen path.
                for (int i = 1; i < points - 1; i++)
                    builder.QuadTo(p[i], new SKPoint((p[i].X + p[i + 1].X) / 2, (p[i].Y + p[i + 1].Y) / 2));
                if (points > 1) builder.LineTo(p[points - 1]);
                using var path = builder.Detach();
                canvas.DrawPath(path, paint);
            }
        }
        return bitmap.GetPixelSpan().ToArray();
    }

    private static ulong Mix(ulong seed, ulong a, ulong b)
    {
        var mixer = new SplitMix64(seed ^ (a * 0x9E3779B97F4A7C15UL) ^ (b * 0xC2B2AE3D27D4EB4FUL));
        return mixer.Next();
    }
}
