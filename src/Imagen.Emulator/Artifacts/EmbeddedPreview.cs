namespace Imagen.Emulator.Artifacts;

/// <summary>A JPEG preview found inside a RAW file: where it lies, how large it is, and which directory held it.</summary>
internal sealed record EmbeddedPreview(long Offset, long Length, int Width, int Height, string Location)
{
    /// <summary>Reads the preview's bytes (previews are a few MB at most, so they are read whole).</summary>
    public MemoryStream Open(Stream raw)
    {
        var bytes = new byte[Length];
        raw.Position = Offset;
        raw.ReadExactly(bytes);
        return new MemoryStream(bytes, writable: false);
    }
}
