namespace Imagen.Emulator.Artifacts;

/// <summary>A JPEG preview found inside a RAW file: where it lies, how large it is, and which directory held it.</summary>
internal sealed record EmbeddedPreview(long Offset, long Length, int Width, int Height, string Location)
{
    /// <summary>Reads the preview's bytes (previews are a few MB at most, so they are read whole; a declared length
    /// beyond the file or beyond <see cref="TiffReader.MaxValueBytes"/> is refused, not allocated).</summary>
    public MemoryStream Open(Stream raw)
    {
        if (Offset < 0 || Length <= 0 || Length > TiffReader.MaxValueBytes || Offset + Length > raw.Length)
            throw new InvalidDataException(
                $"{TiffReader.NameOf(raw)} declares a {Length}-byte preview at offset {Offset} ({Location}); the file has {raw.Length} bytes and previews are at most {TiffReader.MaxValueBytes / (1024 * 1024)} MiB.");
        var bytes = new byte[Length];
        raw.Position = Offset;
        raw.ReadExactly(bytes);
        return new MemoryStream(bytes, writable: false);
    }
}
