using System.CommandLine;
using MetaDsl.Cli.Output;
using MetaDsl.Tasks.Glyphs;
using Spectre.Console;

namespace MetaDsl.Cli.Commands;

/// <summary><c>data glyphs</c>: writes an Omniglot-layout benchmark rendered from stroke data, offline once the data is fetched.</summary>
internal static class DataCommand
{
    /// <summary>Builds <c>data</c> and its subcommands.</summary>
    public static Command Create(CliEnvironment environment)
    {
        var output = CliOptions.Folder("--out", "(Required) The folder to write (alphabet/character/NN.png); empty or new, or an earlier run's with the same settings, which resumes.");
        var source = CliOptions.Folder("--source", $"{HanziWriterData.Tarball} or its unpacked folder (default: fetched with 'npm pack {HanziWriterData.Package}' into {DefaultCache()}).");
        var characters = CliOptions.OptionalCount("--characters", "Use this many characters, spread evenly over the data (default: all, about 9,500).", 1);
        var drawers = CliOptions.Count("--drawers", "Simulated drawers per character, as Omniglot's 20.", 20, 1, 1000);
        var size = CliOptions.Count("--size", "Pixels per side, as Omniglot's 105.", GlyphRenderer.DefaultSize, 8, 1024);
        var seed = CliOptions.Integer("--seed", "Seeds every drawing.", 0);
        var glyphs = new Command("glyphs",
            "Render an Omniglot-scale benchmark that needs no download of images: every character of hanzi-writer-data (Arphic licence) is a class, " +
            "drawn by simulated drawers (jittered strokes, pen widths, small warps), grouped into 'alphabets' by stroke count. Rendered glyphs, not Omniglot.")
        {
            output, source, characters, drawers, size, seed,
        };
        // Checked here rather than by the parser, so a malformed value elsewhere still gets its own one-line error.
        glyphs.SetAction(result => CommandGuard.Run(environment, () => Glyphs(environment,
            result.GetValue(output) ?? throw new UsageException("data glyphs needs --out DIR, the folder to write."), result.GetValue(source),
            new GlyphOptions
            {
                Characters = result.GetValue(characters),
                Drawers = result.GetValue(drawers),
                ImageSize = result.GetValue(size),
                Seed = unchecked((ulong)result.GetValue(seed)),
            })));
        return new Command("data", "Write data sets that a fresh machine can have offline.") { glyphs };
    }

    private static int Glyphs(CliEnvironment environment, string folder, string? source, GlyphOptions options)
    {
        var console = environment.Console;
        if (source is null)
        {
            console.MarkupLine($"Fetching [bold]{HanziWriterData.Package}[/] with npm into {Markup.Escape(DefaultCache())}...");
            source = HanziWriterData.Fetch(DefaultCache(), environment.Cancellation);
        }
        var (strokes, licence) = HanziWriterData.Read(source);
        int total = options.Characters is int n ? Math.Min(n, strokes.Count) : strokes.Count;
        console.MarkupLine($"Rendering {total:N0} characters × {options.Drawers} drawers at {options.ImageSize}×{options.ImageSize} into [bold]{Markup.Escape(folder)}[/]...");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var summary = ProgressView.RunCounted(environment, "glyphs", total,
            progress => GlyphDataset.Write(strokes, licence, folder, options, progress, environment.Cancellation));
        string kept = summary.Resumed > 0 ? FormattableString.Invariant($" ({summary.Resumed:N0} characters kept from the earlier run)") : "";
        console.MarkupLine(FormattableString.Invariant(
            $"Wrote {summary.Images:N0} images of {summary.Characters:N0} characters in {summary.Alphabets} alphabets in {clock.Elapsed.TotalSeconds:F0} s{kept}."));
        console.MarkupLine($"Train on it: [bold]metadsl train omniglot --data {Markup.Escape(folder)}[/]. These are rendered glyphs, not Omniglot.");
        return 0;
    }

    /// <summary>Where fetched data is kept: <c>$XDG_CACHE_HOME/metadsl</c>, else <c>~/.cache/metadsl</c>.</summary>
    private static string DefaultCache()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "metadsl");
    }
}
