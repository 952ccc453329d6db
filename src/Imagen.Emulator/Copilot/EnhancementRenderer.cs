using System.Text;
using Imagen.Emulator.Artifacts;

namespace Imagen.Emulator.Copilot;

/// <summary>
/// Makes the JPEGs of §3.11: a version is its parent re-rendered with the request's adjustments, carrying a comment
/// that names the version, its parent and the request; a final image is the latest version upscaled 2x.
/// </summary>
internal static class EnhancementRenderer
{
    public static readonly DevelopSettings Neutral = new()
    {
        IsRaw = false, Exposure = 0, Contrast = 0, Highlights = 0, Shadows = 0, Whites = 0, Blacks = 0, TemperatureShift = 0,
        TintShift = 0, Vibrance = 0, Saturation = 0, Clarity = 0, Texture = 0, Dehaze = 0, Sharpness = 0, Vignette = 0, Grayscale = false,
    };

    public static void RenderVersion(string parentPath, string outputPath, DevelopSettings settings, string comment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        var size = ReadSize(parentPath);
        var renderer = new DevelopRenderer(settings, size.Width, size.Height);
        using var input = File.OpenRead(parentPath);
        AtomicFile.Write(outputPath, output => JpegCodec.Transcode(input, output, renderer.Apply, comment));
    }

    /// <summary>Twice the width and height, each source pixel repeated (the emulator's "upscale").</summary>
    public static void RenderUpscaled(string sourcePath, string outputPath, string comment)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        (int width, int height, byte[] rgb) = Decode(sourcePath);
        AtomicFile.Write(outputPath, output => JpegCodec.Encode(output, width * 2, height * 2, (row, y) =>
        {
            var source = rgb.AsSpan((y / 2) * width * 3, width * 3);
            for (int x = 0; x < width * 2; x++)
                source.Slice((x / 2) * 3, 3).CopyTo(row.Slice(x * 3, 3));
        }, markers: [(JpegMarkers.Comment, Encoding.UTF8.GetBytes(comment))]));
    }

    private static (int Width, int Height) ReadSize(string path)
    {
        using var stream = File.OpenRead(path);
        return JpegCodec.TryReadSize(stream) ?? throw new InvalidDataException($"'{Path.GetFileName(path)}' is not a JPEG the emulator can read.");
    }

    private static (int, int, byte[]) Decode(string path)
    {
        using var stream = File.OpenRead(path);
        return JpegCodec.Decode(stream);
    }
}
