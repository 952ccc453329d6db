using Imagen.Emulator.Artifacts;

namespace Imagen.Emulator.Samples;

/// <summary>
/// Writes small, realistic sample shoots so the README's main job and the tests have photos to edit: camera-named
/// JPEGs with real pixels and EXIF, and TIFF-based RAW files (.nef, .cr2, .dng) with embedded JPEG previews. The
/// same seed always gives the same files, byte for byte. Each file is a few tens of KB.
/// </summary>
public static class SampleShootGenerator
{
    public const int JpegLongEdge = 480, JpegShortEdge = 320;

    /// <summary>The kinds of shoot <see cref="Generate"/> accepts.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["raw", "jpeg", "mixed"];

    /// <summary>A fixed day for the capture times, so files do not change with the clock.</summary>
    private static readonly DateTime ShootDay = new(2026, 6, 13, 14, 0, 0, DateTimeKind.Unspecified);

    /// <param name="directory">Created if needed; files already there with the same names are replaced.</param>
    /// <param name="count">How many photos to write (0 or more).</param>
    /// <param name="kind">"raw" (cycling .nef, .cr2, .dng), "jpeg", or "mixed" (alternating RAW and JPEG).</param>
    /// <param name="seed">Same seed, same files.</param>
    /// <returns>The full paths of the files written, in shooting order.</returns>
    public static IReadOnlyList<string> Generate(string directory, int count, string kind, int seed)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, 9999); // camera numbering has four digits
        string normalizedKind = kind?.Trim().ToLowerInvariant() switch
        {
            "raw" => "raw",
            "jpeg" or "jpg" => "jpeg",
            "mixed" => "mixed",
            _ => throw new ArgumentException($"Unknown sample kind '{kind}'. Use one of: {string.Join(", ", Kinds)}.", nameof(kind)),
        };

        Directory.CreateDirectory(directory);
        var startTime = ShootDay.AddMinutes(SampleRandom.For(seed, -1).Next(0, 240));
        var paths = new List<string>(count);
        int rawIndex = 0;
        for (int i = 0; i < count; i++)
        {
            int number = i + 1;
            bool isRaw = normalizedKind == "raw" || (normalizedKind == "mixed" && i % 2 == 0);
            var camera = isRaw ? SampleCamera.RawCameras[rawIndex++ % SampleCamera.RawCameras.Count] : SampleCamera.CanonJpeg;
            var random = SampleRandom.For(seed, i);
            var scene = new SampleScene(random);
            var captured = startTime.AddSeconds(i * 7 + random.Next(0, 5));
            string path = Path.Combine(directory, camera.FileName(number));

            AtomicFile.Write(path, output =>
            {
                if (isRaw) SampleRawWriter.Write(output, camera, scene, captured, random);
                else WriteJpeg(output, camera, scene, captured, random);
            });
            paths.Add(path);
        }
        return paths;
    }

    private static void WriteJpeg(Stream output, SampleCamera camera, SampleScene scene, DateTime captured, SampleRandom random)
    {
        bool portrait = scene.Kind == SampleScene.Subject.Portrait;
        int width = portrait ? JpegShortEdge : JpegLongEdge;
        int height = portrait ? JpegLongEdge : JpegShortEdge;
        var exif = ExifSegment(camera, captured, CaptureSettings.Draw(random));
        var jpeg = SampleRawWriter.EncodeJpeg(scene, width, height, quality: 85, [(JpegMarkers.App1, exif)]);
        output.Write(jpeg);
    }

    /// <summary>An EXIF APP1 payload: "Exif\0\0" and a little TIFF with the camera and capture settings.</summary>
    private static byte[] ExifSegment(SampleCamera camera, DateTime captured, CaptureSettings exposure)
    {
        using var tiff = new MemoryStream();
        var writer = new TiffWriter(tiff);
        uint exifIfd = writer.WriteDirectory(SampleRawWriter.ExifDirectory(captured, exposure));
        writer.SetFirstDirectory(writer.WriteDirectory(new TiffDirectoryBuilder()
            .Ascii(TiffTag.Make, camera.Make)
            .Ascii(TiffTag.Model, camera.Model)
            .Short(TiffTag.Orientation, 1)
            .Ascii(TiffTag.DateTime, SampleRawWriter.ExifDate(captured))
            .Pointers(TiffTag.ExifIfd, exifIfd)));
        return [.. "Exif\0\0"u8, .. tiff.ToArray()];
    }
}
