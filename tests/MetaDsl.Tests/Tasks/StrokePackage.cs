using MetaDsl.Tasks.Glyphs;

namespace MetaDsl.Tests.Tasks;

/// <summary>A small package in hanzi-writer-data's format, written here for the glyph tests.</summary>
internal static class StrokePackage
{
    /// <summary>Characters with 1, 2, 2 and 3 strokes, in hanzi-writer's coordinates (y up, baseline 900).</summary>
    public static readonly (string Character, string Medians)[] Characters =
    [
        ("一", "[[[100,400],[500,410],[900,400]]]"),
        ("二", "[[[200,650],[800,650]],[[120,150],[880,160]]]"),
        ("十", "[[[100,400],[900,400]],[[500,800],[500,300],[510,-50]]]"),
        ("干", "[[[200,700],[800,700]],[[100,400],[900,400]],[[500,700],[500,-50]]]"),
    ];

    /// <summary>Writes <c>package.json</c>, the licence and the first <paramref name="count"/> characters into <paramref name="root"/>.</summary>
    public static string Write(string root, int count = 4)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "package.json"), """{"name":"hanzi-writer-data"}""");
        File.WriteAllText(Path.Combine(root, HanziWriterData.LicenceFile), "ARPHIC PUBLIC LICENSE (test copy)");
        foreach (var (character, medians) in Characters.Take(count))
            File.WriteAllText(Path.Combine(root, character + ".json"), $$"""{"strokes":[],"medians":{{medians}}}""");
        return root;
    }
}
