using System.CommandLine;
using MetaDsl.Cli;
using static MetaDsl.Tests.Cli.CliHarness;

namespace MetaDsl.Tests.Cli;

/// <summary>
/// Walks every option of every command and gives each malformed values: each must end in one line on
/// the error stream that names the option, exit code 1, and no stack trace. A new option fails the walk
/// until its malformed values are listed here.
/// </summary>
public sealed class MalformedOptionTests
{
    private static readonly string[] s_counts = ["abc", "1.5", "-1", "99999999999", ""];
    private static readonly string[] s_rates = ["x", "nan", "-1", "0", "1e999", "infinity"];
    private static readonly string[] s_files = ["", " "];

    /// <summary>Malformed values by option name.</summary>
    private static readonly Dictionary<string, string[]> s_malformed = new()
    {
        ["--algorithm"] = ["sgd", "", "maml2"],
        ["--steps"] = s_counts,
        ["--meta-batch"] = s_counts,
        ["--inner-steps"] = s_counts,
        ["--query-steps"] = ["abc", "-1", "1.5"],
        ["--inner-lr"] = s_rates,
        ["--outer-lr"] = s_rates,
        ["--clip"] = s_rates,
        ["--shots"] = s_counts,
        ["--eval-shots"] = ["abc", "0", "-3"],
        ["--eval-tasks"] = ["abc", "1", "-5", "4294967296"],
        ["--seed"] = ["abc", "1.5", "99999999999"],
        ["--threads"] = ["two", "0", "-2", "1e3"],
        ["--device"] = ["tpu", "", "gpu", "cuda:x"],
        ["--output"] = s_files,
        ["--plot"] = s_files,
        ["--json"] = s_files,
        ["--checkpoints"] = s_files,
        ["--checkpoint-every"] = ["abc", "0", "-1"],
        ["--resume"] = s_files,
        ["--data"] = s_files,
        ["--no-rotations"] = ["=maybe", "=2"],
        ["--checkpoint"] = s_files,
        ["--seconds"] = ["abc", "0", "-1", "1e9", "nan"],
        ["--case"] = ["nope", "sine"],
        ["--out"] = s_files,
        ["--source"] = s_files,
        ["--characters"] = s_counts,
        ["--drawers"] = ["abc", "0", "1001"],
        ["--size"] = ["abc", "7", "2000"],
        ["--learner"] = ["", "cnn", "Conv4Omniglot"],
        ["--target"] = ["", "mnist", "SineTarget"],
        ["--estimator"] = ["", "tbptt2", "pes2"],
        ["--temporal"] = ["=maybe", "=2"],
        ["--from-scratch"] = ["=maybe", "=2"],
        ["--pairs"] = ["abc", "0", "4097"],
        ["--sigma"] = s_rates,
        ["--truncation"] = s_counts,
        ["--horizon"] = ["abc", "0", "-1", "100001"],
        ["--lr"] = [.. s_rates, "11"],
        ["--bootstrap-matching"] = ["", "l2", "KL2"],
        ["--bootstrap-steps"] = ["abc", "-1", "1.5", "10001"],
        ["--hypergradient"] = ["", "newton", "CG2"],
        ["--hyper-steps"] = s_counts,
        ["--hyper-lr"] = [.. s_rates, "11"],
        ["--terms"] = ["abc", "-1", "1.5", "10001"],
        ["--train-images"] = ["abc", "9", "50001"],
        ["--validation-images"] = ["abc", "0", "-1", "50001"],
        ["--layers"] = ["abc", "0", "4", "1.5", ""],
        ["--tasks"] = ["abc", "0", "-4", "1.5", "16777217", ""],
        ["--eval-sequences"] = ["abc", "0", "-1", "100001"],
    };

    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        using var writer = new StringWriter();
        foreach (var (path, command) in CliApp.Build(CliEnvironment.ForWriters(writer, writer)).Subcommands.SelectMany(c => Leaves(c, c.Name)))
        {
            foreach (var option in command.Options.Where(o => !o.Name.StartsWith("--help", StringComparison.Ordinal) && o.Name != "--version"))
            {
                Assert.True(s_malformed.ContainsKey(option.Name), $"List malformed values for {option.Name} of '{path}' in {nameof(MalformedOptionTests)}.");
                foreach (var value in s_malformed[option.Name]) data.Add(path, option.Name, value);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AMalformedValueGetsOneLineNamingTheOptionAndExitCodeOne(string command, string option, string value)
    {
        string[] head = command == "evaluate" ? ["evaluate", "some.safetensors"] : command.Split(' ');
        string[] args = value.StartsWith('=') ? [.. head, option + value] : [.. head, option, value];

        var (code, output, error) = Run(args);

        Assert.True(code == CliApp.Usage, $"{string.Join(' ', args)} exited {code}:\n{output}\n{error}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{string.Join(' ', args)} wrote:\n{error}");
        Assert.Contains(option, lines[0]);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", error + output);
    }

    [Theory]
    [InlineData("trian sine", "'trian'")]
    [InlineData("train sinus", "'sinus'")]
    [InlineData("train sine --stpes 5", "'--stpes'")]
    [InlineData("train sine --steps", "--steps")]
    [InlineData("evaluate", "CHECKPOINT")]
    [InlineData("evaluate a.safetensors --checkpoint b.safetensors", "differ")]
    public void UnknownNamesAndMissingValuesGetOneLine(string args, string expected)
    {
        var (code, _, error) = Run(args.Split(' '));

        Assert.Equal(CliApp.Usage, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void HelpAndUsageCallTheCommandMetadsl()
    {
        var (code, output, _) = Run(["train", "sine", "--help"]);

        Assert.Equal(0, code);
        Assert.Contains("metadsl train sine [options]", output);
        Assert.DoesNotContain("MetaDsl.Cli", output);
    }

    private static IEnumerable<(string Path, Command Command)> Leaves(Command command, string path) =>
        command.Subcommands.Count == 0
            ? [(path, command)]
            : command.Subcommands.SelectMany(sub => Leaves(sub, path + " " + sub.Name));
}
