using System.Buffers.Binary;
using System.Text;
using MetaDsl.Checkpoints;

namespace MetaDsl.Tests.Checkpoints;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("metadsl-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A file laid out byte for byte as safetensors.torch.save_file writes
    /// {"w": float32 [[1, 2], [3, 4]], "b": float64 [0.5]} with metadata {"format": "pt"}:
    /// F64 tensors first, then by name; compact JSON; header padded with spaces to 8 bytes.</summary>
    private static byte[] HandMade()
    {
        string json = """{"__metadata__":{"format":"pt"},"b":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"w":{"dtype":"F32","shape":[2,2],"data_offsets":[8,24]}}""";
        json += new string(' ', (8 - json.Length % 8) % 8);
        var bytes = new List<byte>();
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        bytes.AddRange(length);
        bytes.AddRange(Encoding.ASCII.GetBytes(json));
        bytes.AddRange(BitConverter.GetBytes(0.5));
        foreach (float f in new[] { 1f, 2f, 3f, 4f }) bytes.AddRange(BitConverter.GetBytes(f));
        return [.. bytes];
    }

    private static byte[] WithHeader(string json, int dataBytes)
    {
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        Encoding.ASCII.GetBytes(json).CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void HandMadeFileParses()
    {
        var file = SafetensorsReader.Parse(HandMade(), "model.safetensors");
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal([0.5], file["b"].ToArray<double>());
        Assert.Equal([1f, 2, 3, 4], file["w"].ToArray<float>());
        Assert.Equal([2, 2], file["w"].Shape);
        Assert.Equal(SafetensorsDType.F64, file["b"].DType);
    }

    [Fact]
    public void WriterMatchesTheReferenceLayoutByteForByte()
    {
        var bytes = SafetensorsWriter.Serialize(
            [SafetensorsTensor.From<float>("w", [1f, 2, 3, 4], 2, 2), SafetensorsTensor.From<double>("b", [0.5], 1)],
            new Dictionary<string, string> { ["format"] = "pt" });
        Assert.Equal(HandMade(), bytes);
        Assert.Equal(0, BinaryPrimitives.ReadInt64LittleEndian(bytes) % 8);
    }

    [Fact]
    public void RoundTripsThroughAFile()
    {
        string path = Path.Combine(_dir, "round.safetensors");
        var data = Enumerable.Range(0, 24).Select(i => i * 0.25f - 3).ToArray();
        SafetensorsWriter.Write(path,
            [SafetensorsTensor.From<float>("layer.weight", data, 2, 3, 4), SafetensorsTensor.From<double>("scalar", [Math.PI]), SafetensorsTensor.From<float>("empty", [], 0, 5)],
            new Dictionary<string, string> { ["note"] = "hello \"world\"" });
        var file = SafetensorsReader.Read(path);
        Assert.Equal(data, file["layer.weight"].ToArray<float>());
        Assert.Equal([2, 3, 4], file["layer.weight"].Shape);
        Assert.Equal([Math.PI], file["scalar"].ToArray<double>());
        Assert.Empty(file["scalar"].Shape);
        Assert.Equal([0, 5], file["empty"].Shape);
        Assert.Equal("hello \"world\"", file.Metadata["note"]);
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Theory]
    [InlineData("bad-json", """{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]""", 4, "not well-formed JSON")]
    [InlineData("out-of-range", """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4, "tensor 'w' has data_offsets [0, 8] beyond the 4-byte data buffer")]
    [InlineData("dtype", """{"w":{"dtype":"F17","shape":[1],"data_offsets":[0,4]}}""", 4, "tensor 'w': unknown dtype 'F17'")]
    [InlineData("unsupported", """{"w":{"dtype":"BF16","shape":[2],"data_offsets":[0,4]}}""", 4, "dtype 'BF16' is not supported")]
    [InlineData("shape", """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", 8, "tensor 'w' has shape [3] and dtype F32, so 12 bytes, but its data_offsets [0, 8] span 8")]
    [InlineData("overlap", """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "tensor 'b' (data_offsets [4, 8]) overlaps tensor 'a'")]
    [InlineData("gap", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", 8, "4 unused bytes")]
    [InlineData("trailing", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 12, "the data buffer is 12 bytes but the tensors cover only 4")]
    [InlineData("metadata", """{"__metadata__":{"step":3}}""", 0, "metadata 'step' is a JSON Number, expected a string")]
    [InlineData("duplicate", """{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", 4, "names 'a' twice")]
    [InlineData("not-object", """[1, 2]""", 0, "does not start with '{'")]
    public void CorruptHeadersNameTheProblem(string _, string json, int dataBytes, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(WithHeader(json, dataBytes), "ckpt.safetensors"));
        Assert.Contains("'ckpt.safetensors'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void BadLengthsAreReported()
    {
        var tooShort = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(new byte[5], "x"));
        Assert.Contains("5 bytes, shorter than the 8-byte header length", tooShort.Message);
        var bytes = HandMade();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        var tooLong = Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(bytes, "x"));
        Assert.Contains("header length 1000 exceeds", tooLong.Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Contains("limit", Assert.Throws<InvalidDataException>(() => SafetensorsReader.Parse(bytes, "x")).Message);
    }

    [Fact]
    public void FailedWriteLeavesTheOldFileIntact()
    {
        string path = Path.Combine(_dir, "keep.safetensors");
        SafetensorsWriter.Write(path, [SafetensorsTensor.From<float>("w", [1f, 2f], 2)]);
        var before = File.ReadAllBytes(path);

        // A writer that fails halfway through its output.
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[100]);
            throw new IOException("disk full");
        }));
        // A save refused before any byte is written.
        Assert.Throws<ArgumentException>(() => SafetensorsWriter.Write(path, [SafetensorsTensor.From<float>("w", [1f], 1), SafetensorsTensor.From<float>("w", [2f], 1)]));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }
}
