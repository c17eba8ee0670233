namespace MetaDsl.Tasks.Glyphs;

/// <summary>
/// One character's strokes in writing order, each stroke the median line through it as points in
/// hanzi-writer's 1024-unit box, y pointing down (0 at the top).
/// </summary>
/// <param name="Character">The character itself.</param>
/// <param name="Strokes">Per stroke, its points as (x, y) pairs: x0, y0, x1, y1, …</param>
public sealed record StrokeCharacter(string Character, IReadOnlyList<float[]> Strokes)
{
    /// <summary>The side of the box the points live in.</summary>
    public const float Box = 1024;

    /// <summary>The character's code point as <c>U+4E49</c>: an ASCII name for its folder.</summary>
    public string CodePoint => "U+" + char.ConvertToUtf32(Character, 0).ToString("X4", System.Globalization.CultureInfo.InvariantCulture);
}
