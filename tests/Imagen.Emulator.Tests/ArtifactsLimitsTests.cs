using System.Buffers.Binary;
using Imagen.Emulator.Artifacts;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>
/// Lengths declared inside an uploaded file are not trusted: a crafted TIFF that claims a 90 MiB preview or tag value
/// is refused by name instead of making the emulator allocate what it claims.
/// </summary>
public sealed class ArtifactsLimitsTests : IDisposable
{
    private const uint ClaimedBytes = 90 * 1024 * 1024;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"imagen-crafted-{Guid.NewGuid():N}.nef");

    public ArtifactsLimitsTests()
    {
        // Header, then IFD0 at 8 with: Make (ASCII, 90 MiB at 200), JPEGInterchangeFormat = 200,
        // JPEGInterchangeFormatLength = 90 MiB. The file really is 100 MiB long (sparse), so only the cap stops it.
        var bytes = new byte[200];
        "II*\0"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 8);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), 3);
        WriteEntry(bytes, 0, TiffTag.Make, TiffType.Ascii, ClaimedBytes, 200);
        WriteEntry(bytes, 1, TiffTag.JpegInterchangeFormat, TiffType.Long, 1, 200);
        WriteEntry(bytes, 2, TiffTag.JpegInterchangeFormatLength, TiffType.Long, 1, ClaimedBytes);
        using var file = File.Create(_path);
        file.Write(bytes);
        file.SetLength(100 * 1024 * 1024);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void A_preview_length_beyond_the_cap_is_refused_by_name_without_allocating_it()
    {
        using var stream = File.OpenRead(_path);
        var reader = new TiffReader(stream);
        var ifd0 = reader.ReadDirectory(reader.FirstIfdOffset, "IFD0");
        uint offset = reader.ReadUInt32(ifd0, TiffTag.JpegInterchangeFormat)!.Value;
        uint length = reader.ReadUInt32(ifd0, TiffTag.JpegInterchangeFormatLength)!.Value;
        long before = GC.GetAllocatedBytesForCurrentThread();

        var preview = Assert.Throws<InvalidDataException>(() => new EmbeddedPreview(offset, length, 1, 1, "IFD0").Open(stream));
        var range = Assert.Throws<InvalidDataException>(() => reader.ReadRange(offset, (int)length));
        var tag = Assert.Throws<InvalidDataException>(() => reader.ReadAscii(ifd0, TiffTag.Make));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024 * 1024, "the claimed length was allocated");
        Assert.All([preview, range, tag], e => Assert.Contains(Path.GetFileName(_path), e.Message));
        Assert.Contains("94371840-byte preview", preview.Message);
    }

    [Fact]
    public void Looking_for_a_preview_in_such_a_file_skips_it()
    {
        using var stream = File.OpenRead(_path);

        var found = RawPreviewLocator.Find(stream);

        Assert.Null(found);
    }

    private static void WriteEntry(byte[] bytes, int index, ushort tag, TiffType type, uint count, uint value)
    {
        var entry = bytes.AsSpan(10 + index * 12, 12);
        BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], (ushort)type);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
        BinaryPrimitives.WriteUInt32LittleEndian(entry[8..], value);
    }
}
