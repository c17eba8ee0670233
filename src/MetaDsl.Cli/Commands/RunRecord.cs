using System.CommandLine;
using System.Globalization;
using MetaDsl.Checkpoints;

namespace MetaDsl.Cli.Commands;

/// <summary>
/// The options of a <c>train</c> run as a checkpoint records them (metadata <c>run.NAME</c>), and how
/// <c>--resume</c> merges them back: options that change the trajectory (<c>fixed</c>) must not be given with
/// other values, recorded ones not given are taken, and the rest is free.
/// </summary>
internal static class RunRecord
{
    /// <summary>The prefix of the recorded options' metadata keys in a checkpoint.</summary>
    public const string Prefix = "run.";

    /// <summary>An option and its parsed value as recorded text (empty when not set).</summary>
    public readonly record struct Entry(Option Option, Func<ParseResult, string> Text);

    /// <summary>The metadata that records <paramref name="entries"/>' values in <paramref name="result"/>.</summary>
    public static Dictionary<string, string> Metadata(ParseResult result, IEnumerable<Entry> entries) =>
        entries.ToDictionary(e => Prefix + Key(e.Option), e => e.Text(result), StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="command"/>'s options as given in <paramref name="result"/>, completed by those
    /// <paramref name="resume"/> recorded, parsed again.
    /// </summary>
    /// <exception cref="UsageException">A <paramref name="fixed"/> option is given with another value than the checkpoint's.</exception>
    /// <exception cref="InvalidDataException">The checkpoint is malformed or records no run.</exception>
    public static ParseResult Merge(ParseResult result, Command command, IEnumerable<Entry> @fixed, string resume)
    {
        var recorded = Recorded(resume);
        foreach (var (option, text) in @fixed)
        {
            string saved = recorded.GetValueOrDefault(Key(option), "");
            if (Given(result, option) && text(result) != saved)
                throw new UsageException($"{option.Name} {Shown(text(result))} differs from {Shown(saved)} in '{resume}'; a resumed run keeps the settings it started with (leave {option.Name} out).");
        }
        var args = new List<string>();
        foreach (var option in command.Options)
        {
            if (Given(result, option))
            {
                args.Add(option.Name);
                args.AddRange(result.GetResult(option)!.Tokens.Select(t => t.Value));
            }
            else if (recorded.TryGetValue(Key(option), out var saved) && saved.Length > 0)
            {
                args.Add(option.Name);
                args.AddRange(saved.Split(' '));
            }
        }
        var merged = command.Parse(args);
        if (merged.Errors.Count > 0)
            throw new InvalidDataException($"Checkpoint '{resume}' records settings this version does not accept: {merged.Errors[0].Message}");
        return merged;
    }

    /// <summary>The options a checkpoint recorded, by key.</summary>
    private static Dictionary<string, string> Recorded(string checkpoint)
    {
        var metadata = SafetensorsReader.ReadHeader(checkpoint).Metadata;
        var recorded = metadata.Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key[Prefix.Length..], e => e.Value, StringComparer.Ordinal);
        if (recorded.Count == 0)
            throw new InvalidDataException($"Checkpoint '{checkpoint}' records no run of metadsl train (it was written by another program or an older version), so it cannot be resumed.");
        return recorded;
    }

    /// <summary>The key an option is recorded under: its name without the dashes.</summary>
    public static string Key(Option option) => option.Name.TrimStart('-');

    private static bool Given(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static string Shown(string text) => text.Length == 0 ? "(not given)" : text;

    /// <summary>An integer as recorded.</summary>
    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A real as recorded, round-tripping.</summary>
    public static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Integers as recorded, space-separated.</summary>
    public static string Text(int[]? values) => string.Join(' ', (values ?? []).Select(Text));

    /// <summary>A switch as recorded: "true", or empty when off.</summary>
    public static string Text(bool value) => value ? "true" : "";
}
