using MetaDsl.Checkpoints;

namespace MetaDsl.Tests.Checkpoints;

/// <summary>Atomic replacement as a user meets it: links and modes kept, leftovers of killed saves removed, unwritable targets found up front.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void Write(string path, string text) => AtomicFile.Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void ASymbolicLinkStaysALinkAndItsTargetIsReplaced()
    {
        string target = Path.Combine(_dir, "real.json");
        string link = Path.Combine(_dir, "link.json");
        System.IO.File.WriteAllText(target, "old");
        System.IO.File.CreateSymbolicLink(link, target);

        Write(link, "new");

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("new", System.IO.File.ReadAllText(target));
    }

    [Fact]
    public void AnExistingFileKeepsItsMode()
    {
        string path = Path.Combine(_dir, "shared.json");
        System.IO.File.WriteAllText(path, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead;
        System.IO.File.SetUnixFileMode(path, mode);

        Write(path, "new");

        Assert.Equal(mode, System.IO.File.GetUnixFileMode(path));
    }

    [Fact]
    public void LeftoversOfAKilledSaveAreRemovedButALiveSavesAreNot()
    {
        string path = Path.Combine(_dir, "run.safetensors");
        string stale = Path.Combine(_dir, $".run.safetensors.{Guid.NewGuid():N}.tmp");
        string live = Path.Combine(_dir, $".run.safetensors.{Guid.NewGuid():N}.tmp");
        string other = Path.Combine(_dir, $".run.safetensors.old.{Guid.NewGuid():N}.tmp");
        System.IO.File.WriteAllText(stale, "half a checkpoint");
        System.IO.File.WriteAllText(other, "another file's");
        using (new FileStream(live, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            AtomicFile.CheckWritable(path);

            Assert.False(System.IO.File.Exists(stale));
            Assert.True(System.IO.File.Exists(live));
            Assert.True(System.IO.File.Exists(other));
        }
    }

    [Fact]
    public void UnwritableTargetsAreFoundBeforeWriting()
    {
        string file = Path.Combine(_dir, "plain");
        System.IO.File.WriteAllText(file, "x");

        Assert.Contains("is a directory", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(_dir)).Message);
        Assert.Contains("is a file, not a directory", Assert.Throws<IOException>(() => AtomicFile.CheckWritable(Path.Combine(file, "sub", "out.json"))).Message);
        AtomicFile.CheckWritable(Path.Combine(_dir, "new", "deeper", "out.json"));
        Assert.False(Directory.Exists(Path.Combine(_dir, "new")));
    }
}
