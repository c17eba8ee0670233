using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace MetaDsl.Cli.Commands;

/// <summary>
/// Makes the commands' options. Each parses its own tokens, so a malformed value, a value out of range
/// or an unknown name becomes one parse error that names the option and says what it accepts, instead
/// of an exception from a later conversion.
/// </summary>
internal static class CliOptions
{
    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>] with a default.</summary>
    public static Option<int> Count(string name, string description, int defaultValue, int minimum, int maximum = int.MaxValue) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInt(r, name, minimum, maximum, Single(r)),
        };

    /// <summary>A whole number in [<paramref name="minimum"/>, <paramref name="maximum"/>], or null when not given.</summary>
    public static Option<int?> OptionalCount(string name, string description, int minimum, int maximum = int.MaxValue) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = r => ParseInt(r, name, minimum, maximum, Single(r)),
        };

    /// <summary>One or more whole numbers in [<paramref name="minimum"/>, <paramref name="maximum"/>]; <paramref name="defaultValue"/> (possibly empty) when not given.</summary>
    public static Option<int[]> Counts(string name, string description, int[] defaultValue, int minimum, int maximum = int.MaxValue) =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0)
                {
                    r.AddError($"{name} needs at least one value: {Accepts(minimum, maximum)}s.");
                    return [];
                }
                var values = new int[r.Tokens.Count];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = ParseInt(r, name, minimum, maximum, r.Tokens[i].Value);
                    if (r.Errors.Any()) break;
                }
                return values;
            },
        };

    /// <summary>A finite number above zero and at most <paramref name="maximum"/>, with a default.</summary>
    public static Option<double> Positive(string name, string description, double defaultValue, double maximum = double.MaxValue) =>
        new(name)
        {
            Description = description,
            HelpName = "X",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParsePositive(r, name, maximum, Single(r)),
        };

    /// <summary>A finite number above zero, or null when not given.</summary>
    public static Option<double?> OptionalPositive(string name, string description) =>
        new(name)
        {
            Description = description,
            HelpName = "X",
            CustomParser = r => ParsePositive(r, name, double.MaxValue, Single(r)),
        };

    /// <summary>Any whole number (a seed), with a default.</summary>
    public static Option<int> Integer(string name, string description, int defaultValue) =>
        Count(name, description, defaultValue, int.MinValue);

    /// <summary>One of <paramref name="choices"/> (case-insensitive, returned as listed), with a default.</summary>
    public static Option<string> Choice(string name, string description, IReadOnlyList<string> choices, string defaultValue) =>
        new(name)
        {
            Description = description,
            HelpName = string.Join('|', choices),
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseChoice(r, name, choices, Single(r)),
        };

    /// <summary>One or more of <paramref name="choices"/>; empty when not given.</summary>
    public static Option<string[]> Choices(string name, string description, IReadOnlyList<string> choices) =>
        new(name)
        {
            Description = description,
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [],
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0)
                {
                    r.AddError($"{name} needs at least one of {string.Join(", ", choices)}.");
                    return [];
                }
                return r.Tokens.Select(t => ParseChoice(r, name, choices, t.Value)).ToArray();
            },
        };

    /// <summary>A file name (not empty), or null when not given.</summary>
    public static Option<string?> File(string name, string description) =>
        new(name)
        {
            Description = description,
            HelpName = "FILE",
            CustomParser = r => ParseFile(r, name, Single(r)),
        };

    /// <summary>A file name (not empty), with a default.</summary>
    public static Option<string> File(string name, string description, string defaultValue) =>
        new(name)
        {
            Description = description,
            HelpName = "FILE",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseFile(r, name, Single(r)) ?? "",
        };

    /// <summary>A directory name (not empty), or null when not given.</summary>
    public static Option<string?> Folder(string name, string description) =>
        new(name)
        {
            Description = description,
            HelpName = "DIR",
            CustomParser = r => ParseFile(r, name, Single(r)),
        };

    /// <summary>An on/off switch: present means on; <c>=true</c> and <c>=false</c> are accepted too.</summary>
    public static Option<bool> Switch(string name, string description) =>
        new(name)
        {
            Description = description,
            Arity = ArgumentArity.ZeroOrOne,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0) return true;
                string text = r.Tokens[0].Value;
                if (bool.TryParse(text, out bool value)) return value;
                r.AddError($"{name} is a switch: give it alone (or as {name}=true / {name}=false), got '{text}'.");
                return false;
            },
        };

    /// <summary>The single token of an option of arity one (the parser guarantees it; an empty string otherwise).</summary>
    private static string Single(ArgumentResult r) => r.Tokens.Count > 0 ? r.Tokens[0].Value : "";

    private static int ParseInt(ArgumentResult r, string name, int minimum, int maximum, string text)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum && value <= maximum)
            return value;
        r.AddError($"{name} accepts {Accepts(minimum, maximum)}, got '{text}'.");
        return minimum;
    }

    private static string Accepts(int minimum, int maximum) => (minimum, maximum) switch
    {
        (int.MinValue, int.MaxValue) => "a whole number",
        (_, int.MaxValue) => $"a whole number of at least {minimum}",
        _ => $"a whole number from {minimum} to {maximum}",
    };

    private static double ParsePositive(ArgumentResult r, string name, double maximum, string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && value <= maximum && double.IsFinite(value))
            return value;
        string range = maximum == double.MaxValue ? "a finite number above 0" : $"a number above 0 and at most {maximum.ToString(CultureInfo.InvariantCulture)}";
        r.AddError($"{name} accepts {range} (such as 0.01 or 1e-3), got '{text}'.");
        return 1;
    }

    private static string ParseChoice(ArgumentResult r, string name, IReadOnlyList<string> choices, string text)
    {
        foreach (var choice in choices)
            if (string.Equals(choice, text, StringComparison.OrdinalIgnoreCase)) return choice;
        r.AddError($"{name} accepts {string.Join(", ", choices)}; got '{text}'.");
        return choices[0];
    }

    private static string? ParseFile(ArgumentResult r, string name, string text)
    {
        if (!string.IsNullOrWhiteSpace(text) && text.IndexOf('\0') < 0) return text;
        r.AddError($"{name} needs a file or folder name, got '{text}'.");
        return null;
    }
}
