using System.Buffers.Binary;
using System.Text;
using MetaDsl.Checkpoints;
using MetaDsl.Embedding;
using MetaDsl.Learners;

namespace MetaDsl.Tests.Checkpoints;

/// <summary>
/// The reader under hostile input: every malformed file raises <see cref="InvalidDataException"/> naming the
/// file; headers are checked before data is read, with 64-bit offsets; non-finite weights are refused by name.
/// </summary>
public sealed class ReaderRobustnessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-robust-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] File(string json, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    [Theory]
    [InlineData("""{"\ud800":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "key that is not valid text")]
    [InlineData("""{"__metadata__":{"k":"\udc00"}}""", 0, "metadata 'k' is not valid text")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":["0",4]}}""", 4, "tensor 'w' has data_offsets")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4.5]}}""", 4, "tensor 'w' has data_offsets")]
    [InlineData("""{"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "empty name")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2147483647,2147483647,2147483647],"data_offsets":[0,4]}}""", 4, "more than 2^63 bytes")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":7}""", 4, "names 'w' twice")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,9223372036854775807]}}""", 4, "tensor 'w' has shape [1]")]
    public void MalformedHeadersRaiseTheDocumentedException(string json, int dataBytes, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(File(json, dataBytes), "bad.safetensors"));
        Assert.Contains("'bad.safetensors'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void MutatedFilesRaiseOnlyTheDocumentedException()
    {
        string path = Path.Combine(_dir, "good.safetensors");
        var theta = new float[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<float>(theta, 3);
        Checkpoint.Save<float>(path, theta, SineMlp.Info, "maml", 1, 0);
        var good = System.IO.File.ReadAllBytes(path);
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(good);
        var rng = new SplitMix64(14);
        string mutant = Path.Combine(_dir, "mutant.safetensors");
        for (int trial = 0; trial < 1500; trial++)
        {
            var bytes = (byte[])good.Clone();
            int edits = 1 + rng.NextInt(4);
            for (int e = 0; e < edits; e++)
                bytes[rng.NextInt(headerEnd + 16)] = (byte)rng.NextInt(256);
            if (trial % 10 == 0) Array.Resize(ref bytes, rng.NextInt(bytes.Length));
            System.IO.File.WriteAllBytes(mutant, bytes);
            try
            {
                Checkpoint.Load<float>(mutant, new float[theta.Length], SineMlp.Info);
            }
            catch (InvalidDataException e)
            {
                Assert.Contains($"'{mutant}'", e.Message);
            }
        }
    }

    [Fact]
    public void HeadersOfFilesOverTwoGigabytesAreReadWithoutReadingTheirData()
    {
        const long big = 600_000_000L * sizeof(float);
        string json = $$$"""{"big":{"dtype":"F32","shape":[600000000],"data_offsets":[0,{{{big}}}]},"tail":{"dtype":"F32","shape":[2],"data_offsets":[{{{big}}},{{{big + 8}}}]}}""";
        string path = Path.Combine(_dir, "large.safetensors");
        using (var stream = new FileStream(path, FileMode.CreateNew))
        {
            var head = File(json, 0);
            stream.Write(head);
            // A sparse file: the 2.4 GB tensor takes no disk space and is never read.
            stream.SetLength(head.Length + big + 8);
            stream.Position = head.Length + big;
            stream.Write(BitConverter.GetBytes(1.5f));
            stream.Write(BitConverter.GetBytes(-2f));
        }

        var header = SafetensorsReader.ReadHeader(path);
        Assert.True(header.TryGet("tail", out var tail));
        Assert.Equal(big, tail.Begin);
        var values = new float[2];
        using (var stream = SafetensorsReader.OpenRead(path))
            SafetensorsReader.ReadTensor<float>(stream, header, tail, values);
        Assert.Equal([1.5f, -2f], values);
        Assert.Contains("more than one array can hold", Assert.Throws<NotSupportedException>(() => SafetensorsReader.Read(path)).Message);
    }

    [Fact]
    public void ATruncatedFileIsFoundOutFromItsHeader()
    {
        string path = Path.Combine(_dir, "cut.safetensors");
        var theta = new float[SineMlp.Info.ParameterCount];
        Checkpoint.Save<float>(path, theta, SineMlp.Info, "maml", 1, 0);
        var bytes = System.IO.File.ReadAllBytes(path);
        System.IO.File.WriteAllBytes(path, bytes[..^4]);

        var e = Assert.Throws<InvalidDataException>(() => SafetensorsReader.ReadHeader(path));
        Assert.Contains("data buffer", e.Message);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void NonFiniteWeightsAreRefusedByNameUnlessAllowed(float bad)
    {
        string path = Path.Combine(_dir, "diverged.safetensors");
        var theta = new float[SineMlp.Info.ParameterCount];
        SineMlp.Initialize<float>(theta, 1);
        var w2 = SineMlp.Info.Parameters.Single(p => p.Name == "W2");
        theta[w2.Offset + 7] = bad;
        Checkpoint.Save<float>(path, theta, SineMlp.Info, "maml", 1, 0);

        var loaded = new float[theta.Length];
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load<float>(path, loaded, SineMlp.Info));
        Assert.Contains("tensor 'W2'", e.Message);
        Assert.Contains("index 7", e.Message);
        Assert.All(loaded, v => Assert.Equal(0f, v));
        Assert.Throws<InvalidDataException>(() => Adapter<SineMlp, float>.Load(path));

        Checkpoint.Load<float>(path, loaded, SineMlp.Info, allowNonFinite: true);
        Assert.Equal(bad, loaded[w2.Offset + 7]);
    }
}
