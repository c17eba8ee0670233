using System.CommandLine;

namespace MetaDsl.Cli.Commands;

/// <summary><c>--data DIR</c> and <c>--no-rotations</c>, shared by <c>train omniglot</c> and <c>evaluate</c>.</summary>
internal sealed class DataOptions
{
    private readonly Option<string?> _folder;
    private readonly Option<bool> _noRotations;

    /// <summary>Creates the options; <paramref name="folderHelp"/> and <paramref name="rotationsHelp"/> say what they mean on this command.</summary>
    public DataOptions(string folderHelp, string rotationsHelp)
    {
        _folder = CliOptions.Folder("--data", folderHelp);
        _noRotations = CliOptions.Switch("--no-rotations", rotationsHelp);
    }

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Add(_folder);
        command.Add(_noRotations);
    }

    /// <summary>The switch that changes the classes a run sees: a resumed run must keep it.</summary>
    public Option<bool> NoRotations => _noRotations;

    /// <summary>Reads the parsed values.</summary>
    public DataSettings Read(ParseResult result) => new(result.GetValue(_folder), !result.GetValue(_noRotations));
}
