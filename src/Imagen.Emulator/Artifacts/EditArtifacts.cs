namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Produces what the service hands back (imagen-api.md §8): the edit output (an XMP sidecar for RAW, the file with
/// the XMP embedded for DNG and JPEG) and the exported JPEG. Both are derived from the same develop settings: the
/// profile's style adjusted for what the photo (or a RAW's embedded preview) looks like.
/// </summary>
public static class EditArtifacts
{
    /// <summary>The size of the stand-in render for a RAW file that carries no preview (3:2, like most sensors).</summary>
    private const int PlaceholderWidth = 1200, PlaceholderHeight = 800;

    /// <summary>Whitespace left in embedded packets so other tools can edit the XMP in place, as Adobe's writers do.</summary>
    private const int EmbeddedPadding = 2048;

    /// <summary>
    /// Writes the edit output for one uploaded file into <paramref name="outputDirectory"/> and returns its file name:
    /// <c>STEM.xmp</c> for RAW, <paramref name="inputFileName"/> itself for DNG and JPEG (with the XMP embedded).
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not what its extension says (names the file).</exception>
    public static string WriteEditOutput(string inputPath, string inputFileName, ProfileStyle style, string outputDirectory)
    {
        var kind = Prepare(inputPath, inputFileName, style, outputDirectory);
        return Guarded(inputFileName, () =>
        {
            using var input = OpenRead(inputPath);
            var settings = DevelopSettings.From(style, Measure(input, kind), isRaw: kind != InputKind.Jpeg);
            input.Position = 0;

            string outputName = kind == InputKind.Raw ? Path.ChangeExtension(inputFileName, ".xmp") : inputFileName;
            string outputPath = Path.Combine(outputDirectory, outputName);
            switch (kind)
            {
                case InputKind.Raw:
                    var sidecar = XmpPacket.Build(settings, style, rawFileName: inputFileName);
                    AtomicFile.Write(outputPath, output => output.Write(sidecar));
                    break;
                case InputKind.Jpeg:
                    var jpegPacket = XmpPacket.Build(settings, style, rawFileName: null, EmbeddedPadding);
                    AtomicFile.Write(outputPath, output => JpegXmpEmbedder.Embed(input, output, jpegPacket));
                    break;
                case InputKind.Dng:
                    var dngPacket = XmpPacket.Build(settings, style, rawFileName: null, EmbeddedPadding);
                    AtomicFile.Write(outputPath, output => TiffXmpEmbedder.Embed(input, output, dngPacket));
                    break;
            }
            return outputName;
        });
    }

    /// <summary>
    /// Renders the exported JPEG (<c>STEM.jpg</c>) into <paramref name="outputDirectory"/> and returns its file name.
    /// JPEG inputs are developed pixel by pixel; RAW inputs through their largest embedded preview.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not what its extension says (names the file).</exception>
    public static string WriteExportJpeg(string inputPath, string inputFileName, ProfileStyle style, string outputDirectory)
    {
        var kind = Prepare(inputPath, inputFileName, style, outputDirectory);
        return Guarded(inputFileName, () =>
        {
            string outputName = Path.ChangeExtension(inputFileName, ".jpg");
            string outputPath = Path.Combine(outputDirectory, outputName);
            string signature = $"Exported by the Imagen emulator from {inputFileName} with profile {style.ProfileKey} ({style.ProfileName})";
            using var input = OpenRead(inputPath);

            if (kind == InputKind.Jpeg)
            {
                var image = JpegCodec.Measure(input);
                Develop(input, outputPath, DevelopSettings.From(style, image, isRaw: false), image, signature);
                return outputName;
            }

            if (MeasurePreview(input) is { } preview)
            {
                using var previewStream = preview.Location.Open(input);
                Develop(previewStream, outputPath, DevelopSettings.From(style, preview.Image, isRaw: true), preview.Image,
                    $"{signature}, rendered from its embedded {preview.Location.Width}x{preview.Location.Height} preview");
                return outputName;
            }

            // Nothing usable to look at without a RAW decoder: render the profile's settings over a neutral mid-grey
            // frame and say so in the file's comment, rather than failing the whole export.
            var renderer = new DevelopRenderer(DevelopSettings.From(style, null, isRaw: true), PlaceholderWidth, PlaceholderHeight);
            string comment = $"{signature}; the file has no embedded preview, so this is a mid-grey placeholder";
            AtomicFile.Write(outputPath, output => JpegCodec.Encode(output, PlaceholderWidth, PlaceholderHeight, (row, y) =>
            {
                row.Fill(118); // 18% grey in sRGB
                renderer.Apply(row, y);
            }, markers: [(JpegMarkers.Comment, System.Text.Encoding.UTF8.GetBytes(comment))]));
            return outputName;
        });
    }

    private static void Develop(Stream jpeg, string outputPath, DevelopSettings settings, ImageStatistics image, string comment)
    {
        var renderer = new DevelopRenderer(settings, image.Width, image.Height);
        AtomicFile.Write(outputPath, output => JpegCodec.Transcode(jpeg, output, renderer.Apply, comment));
    }

    private static ImageStatistics? Measure(Stream input, InputKind kind) =>
        kind == InputKind.Jpeg ? JpegCodec.Measure(input) : MeasurePreview(input)?.Image;

    /// <summary>
    /// The RAW file's largest embedded preview and what it shows, or null when it has none or the preview is damaged:
    /// a RAW file's real content is its sensor data, so a bad preview must not cost the photographer the edit.
    /// </summary>
    private static (EmbeddedPreview Location, ImageStatistics Image)? MeasurePreview(Stream input)
    {
        try
        {
            if (RawPreviewLocator.Find(input) is not { } preview) return null;
            using var previewStream = preview.Open(input);
            return (preview, JpegCodec.Measure(previewStream));
        }
        catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException or OperationCanceledException))
        {
            return null;
        }
    }

    private enum InputKind { Raw, Dng, Jpeg }

    /// <summary>Checks the arguments, makes sure the output folder exists, and tells which kind of output the input gets.</summary>
    private static InputKind Prepare(string inputPath, string inputFileName, ProfileStyle style, string outputDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(inputFileName);
        ArgumentNullException.ThrowIfNull(style);
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (Path.GetFileName(inputFileName) != inputFileName || inputFileName is "." or "..")
            throw new ArgumentException($"'{inputFileName}' must be a plain file name, not a path.", nameof(inputFileName));
        Directory.CreateDirectory(outputDirectory);
        return Path.GetExtension(inputFileName).ToLowerInvariant() switch
        {
            ".jpg" or ".jpeg" => InputKind.Jpeg,
            ".dng" => InputKind.Dng,
            _ => InputKind.Raw,
        };
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    /// <summary>Turns codec and format errors into one clear message that names the file.</summary>
    private static string Guarded(string inputFileName, Func<string> work)
    {
        try
        {
            return work();
        }
        catch (Exception ex) when (ex is not (IOException or UnauthorizedAccessException or OperationCanceledException or ArgumentException))
        {
            string expected = Path.GetExtension(inputFileName).ToLowerInvariant() is ".jpg" or ".jpeg" ? "a JPEG" : "a TIFF-based file";
            throw new InvalidDataException(
                $"'{inputFileName}' could not be read as {expected}: {ex.Message.TrimEnd('.')}. Upload the original camera file.", ex);
        }
    }
}
