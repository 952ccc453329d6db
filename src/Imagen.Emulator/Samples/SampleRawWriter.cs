using Imagen.Emulator.Artifacts;

namespace Imagen.Emulator.Samples;

/// <summary>
/// Writes small TIFF-based RAW files laid out the way the real cameras lay them out, with a real JPEG preview, a
/// tiny uncompressed RGB thumbnail and a tiny 16-bit Bayer (RGGB) mosaic standing in for the sensor data:
/// NEF (IFD0 thumbnail, SubIFDs for preview and raw), CR2 ("CR" header, preview strip in IFD0, thumbnail in IFD1,
/// raw in IFD3) and DNG (IFD0 thumbnail with the DNG tags, SubIFDs for raw and a Compression 7 preview).
/// </summary>
internal static class SampleRawWriter
{
    public const int PreviewWidth = 480, PreviewHeight = 320;
    private const int ThumbnailWidth = 96, ThumbnailHeight = 64;
    private const int SensorWidth = 96, SensorHeight = 64;

    public static void Write(Stream output, SampleCamera camera, SampleScene scene, DateTime captured, SampleRandom random)
    {
        var preview = EncodeJpeg(scene, PreviewWidth, PreviewHeight, quality: 82);
        var exposure = CaptureSettings.Draw(random);
        switch (camera.Extension)
        {
            case ".nef": WriteNef(output, camera, scene, preview, captured, exposure); break;
            case ".cr2": WriteCr2(output, camera, scene, preview, captured, exposure); break;
            case ".dng": WriteDng(output, camera, scene, preview, captured, exposure); break;
            default: throw new ArgumentException($"No RAW layout for '{camera.Extension}'.", nameof(camera));
        }
    }

    private static void WriteNef(Stream output, SampleCamera camera, SampleScene scene, byte[] preview, DateTime captured, CaptureSettings exposure)
    {
        var tiff = new TiffWriter(output);
        uint thumbnail = tiff.WriteData(RenderRgb(scene, ThumbnailWidth, ThumbnailHeight));
        uint previewOffset = tiff.WriteData(preview);
        uint sensor = tiff.WriteData(RenderBayer(scene));

        uint previewIfd = tiff.WriteDirectory(new TiffDirectoryBuilder()
            .Long(TiffTag.NewSubfileType, 1)
            .Short(TiffTag.Compression, 6)
            .Rational(TiffTag.XResolution, (300, 1))
            .Rational(TiffTag.YResolution, (300, 1))
            .Short(TiffTag.ResolutionUnit, 2)
            .Long(TiffTag.JpegInterchangeFormat, previewOffset)
            .Long(TiffTag.JpegInterchangeFormatLength, (uint)preview.Length));
        uint rawIfd = tiff.WriteDirectory(SensorDirectory(sensor));
        uint exif = tiff.WriteDirectory(ExifDirectory(captured, exposure));

        var ifd0 = RgbDirectory(thumbnail, ThumbnailWidth, ThumbnailHeight, subfileType: 1);
        AddCameraTags(ifd0, camera, captured);
        ifd0.Pointers(TiffTag.SubIfds, previewIfd, rawIfd).Pointers(TiffTag.ExifIfd, exif);
        tiff.SetFirstDirectory(tiff.WriteDirectory(ifd0));
    }

    private static void WriteCr2(Stream output, SampleCamera camera, SampleScene scene, byte[] preview, DateTime captured, CaptureSettings exposure)
    {
        // Bytes 8..15 of a CR2: "CR", major version 2, minor 0, then the offset of the raw IFD (patched below).
        var tiff = new TiffWriter(output, "CR\u0002\0\0\0\0\0"u8);
        var thumbnailJpeg = EncodeJpeg(scene, 160, 107, quality: 75);
        uint previewOffset = tiff.WriteData(preview);
        uint thumbnailOffset = tiff.WriteData(thumbnailJpeg);
        uint smallRgb = tiff.WriteData(RenderRgb(scene, ThumbnailWidth, ThumbnailHeight));
        uint sensor = tiff.WriteData(RenderBayer(scene));

        uint ifd3 = tiff.WriteDirectory(SensorDirectory(sensor));
        uint ifd2 = tiff.WriteDirectory(RgbDirectory(smallRgb, ThumbnailWidth, ThumbnailHeight, subfileType: null), ifd3);
        uint ifd1 = tiff.WriteDirectory(new TiffDirectoryBuilder()
            .Short(TiffTag.Compression, 6)
            .Rational(TiffTag.XResolution, (180, 1))
            .Rational(TiffTag.YResolution, (180, 1))
            .Short(TiffTag.ResolutionUnit, 2)
            .Long(TiffTag.JpegInterchangeFormat, thumbnailOffset)
            .Long(TiffTag.JpegInterchangeFormatLength, (uint)thumbnailJpeg.Length), ifd2);
        uint exif = tiff.WriteDirectory(ExifDirectory(captured, exposure));

        var ifd0 = new TiffDirectoryBuilder()
            .Long(TiffTag.ImageWidth, PreviewWidth)
            .Long(TiffTag.ImageLength, PreviewHeight)
            .Short(TiffTag.BitsPerSample, 8, 8, 8)
            .Short(TiffTag.Compression, 6)
            .Long(TiffTag.StripOffsets, previewOffset)
            .Long(TiffTag.StripByteCounts, (uint)preview.Length)
            .Rational(TiffTag.XResolution, (72, 1))
            .Rational(TiffTag.YResolution, (72, 1))
            .Short(TiffTag.ResolutionUnit, 2)
            .Pointers(TiffTag.ExifIfd, exif);
        AddCameraTags(ifd0, camera, captured);
        tiff.SetFirstDirectory(tiff.WriteDirectory(ifd0, ifd1));
        tiff.PatchUInt32(12, ifd3);
    }

    private static void WriteDng(Stream output, SampleCamera camera, SampleScene scene, byte[] preview, DateTime captured, CaptureSettings exposure)
    {
        var tiff = new TiffWriter(output);
        uint thumbnail = tiff.WriteData(RenderRgb(scene, ThumbnailWidth, ThumbnailHeight));
        uint sensor = tiff.WriteData(RenderBayer(scene));
        uint previewOffset = tiff.WriteData(preview);

        uint rawIfd = tiff.WriteDirectory(SensorDirectory(sensor));
        uint previewIfd = tiff.WriteDirectory(new TiffDirectoryBuilder()
            .Long(TiffTag.NewSubfileType, 1)
            .Long(TiffTag.ImageWidth, PreviewWidth)
            .Long(TiffTag.ImageLength, PreviewHeight)
            .Short(TiffTag.BitsPerSample, 8, 8, 8)
            .Short(TiffTag.Compression, 7)
            .Short(TiffTag.PhotometricInterpretation, 6) // YCbCr: a baseline JPEG, as DNG previews are
            .Long(TiffTag.StripOffsets, previewOffset)
            .Short(TiffTag.SamplesPerPixel, 3)
            .Long(TiffTag.RowsPerStrip, PreviewHeight)
            .Long(TiffTag.StripByteCounts, (uint)preview.Length)
            .Short(TiffTag.PlanarConfiguration, 1));
        uint exif = tiff.WriteDirectory(ExifDirectory(captured, exposure));

        var ifd0 = RgbDirectory(thumbnail, ThumbnailWidth, ThumbnailHeight, subfileType: 1);
        AddCameraTags(ifd0, camera, captured);
        ifd0.Bytes(TiffTag.DngVersion, TiffType.Byte, [1, 4, 0, 0])
            .Bytes(TiffTag.DngBackwardVersion, TiffType.Byte, [1, 1, 0, 0])
            .Ascii(TiffTag.UniqueCameraModel, camera.Model)
            // sRGB-to-XYZ(D65) inverse, rounded: a plausible matrix so DNG readers accept the file.
            .SRational(TiffTag.ColorMatrix1,
                (32410, 10000), (-15374, 10000), (-4986, 10000),
                (-9692, 10000), (18760, 10000), (416, 10000),
                (556, 10000), (-2040, 10000), (10570, 10000))
            .Short(TiffTag.CalibrationIlluminant1, 21)
            .Rational(TiffTag.AsShotNeutral, (5000, 10000), (10000, 10000), (6500, 10000))
            .Pointers(TiffTag.SubIfds, rawIfd, previewIfd)
            .Pointers(TiffTag.ExifIfd, exif);
        tiff.SetFirstDirectory(tiff.WriteDirectory(ifd0));
    }

    private static TiffDirectoryBuilder RgbDirectory(uint strip, int width, int height, uint? subfileType)
    {
        var directory = new TiffDirectoryBuilder();
        if (subfileType is { } type) directory.Long(TiffTag.NewSubfileType, type);
        return directory
            .Long(TiffTag.ImageWidth, (uint)width)
            .Long(TiffTag.ImageLength, (uint)height)
            .Short(TiffTag.BitsPerSample, 8, 8, 8)
            .Short(TiffTag.Compression, 1)
            .Short(TiffTag.PhotometricInterpretation, 2)
            .Long(TiffTag.StripOffsets, strip)
            .Short(TiffTag.SamplesPerPixel, 3)
            .Long(TiffTag.RowsPerStrip, (uint)height)
            .Long(TiffTag.StripByteCounts, (uint)(width * height * 3))
            .Short(TiffTag.PlanarConfiguration, 1);
    }

    private static TiffDirectoryBuilder SensorDirectory(uint strip) => new TiffDirectoryBuilder()
        .Long(TiffTag.NewSubfileType, 0)
        .Long(TiffTag.ImageWidth, SensorWidth)
        .Long(TiffTag.ImageLength, SensorHeight)
        .Short(TiffTag.BitsPerSample, 16)
        .Short(TiffTag.Compression, 1)
        .Short(TiffTag.PhotometricInterpretation, 32803) // CFA
        .Long(TiffTag.StripOffsets, strip)
        .Short(TiffTag.SamplesPerPixel, 1)
        .Long(TiffTag.RowsPerStrip, SensorHeight)
        .Long(TiffTag.StripByteCounts, SensorWidth * SensorHeight * 2)
        .Short(TiffTag.PlanarConfiguration, 1)
        .Short(TiffTag.CfaRepeatPatternDim, 2, 2)
        .Bytes(TiffTag.CfaPattern, TiffType.Byte, [0, 1, 1, 2]); // RGGB

    private static void AddCameraTags(TiffDirectoryBuilder directory, SampleCamera camera, DateTime captured) => directory
        .Ascii(TiffTag.Make, camera.Make)
        .Ascii(TiffTag.Model, camera.Model)
        .Short(TiffTag.Orientation, 1)
        .Ascii(TiffTag.Software, "Imagen emulator sample generator")
        .Ascii(TiffTag.DateTime, ExifDate(captured));

    /// <summary>The EXIF IFD of a sample, also used as the body of a sample JPEG's APP1 segment.</summary>
    internal static TiffDirectoryBuilder ExifDirectory(DateTime captured, CaptureSettings exposure) => new TiffDirectoryBuilder()
        .Rational(TiffTag.ExposureTime, (1, exposure.ShutterDenominator))
        .Rational(TiffTag.FNumber, (exposure.ApertureTenths, 10))
        .Short(TiffTag.IsoSpeed, exposure.Iso)
        .Ascii(TiffTag.DateTimeOriginal, ExifDate(captured))
        .Rational(TiffTag.FocalLength, (exposure.FocalLength, 1));

    internal static string ExifDate(DateTime value) => value.ToString("yyyy:MM:dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    internal static byte[] EncodeJpeg(SampleScene scene, int width, int height, int quality,
        IEnumerable<(int Marker, byte[] Data)>? markers = null)
    {
        using var stream = new MemoryStream();
        JpegCodec.Encode(stream, width, height, (row, y) => scene.RenderRow(row, y, width, height), quality, markers);
        return stream.ToArray();
    }

    private static byte[] RenderRgb(SampleScene scene, int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++) scene.RenderRow(pixels.AsSpan(y * width * 3, width * 3), y, width, height);
        return pixels;
    }

    /// <summary>The scene sampled through an RGGB Bayer filter as 14-bit values in 16-bit words, little-endian.</summary>
    private static byte[] RenderBayer(SampleScene scene)
    {
        var rgb = RenderRgb(scene, SensorWidth, SensorHeight);
        var mosaic = new byte[SensorWidth * SensorHeight * 2];
        for (int y = 0; y < SensorHeight; y++)
        for (int x = 0; x < SensorWidth; x++)
        {
            int channel = (y % 2, x % 2) switch { (0, 0) => 0, (1, 1) => 2, _ => 1 };
            int value = rgb[(y * SensorWidth + x) * 3 + channel] * 64;
            int index = (y * SensorWidth + x) * 2;
            mosaic[index] = (byte)value;
            mosaic[index + 1] = (byte)(value >> 8);
        }
        return mosaic;
    }
}

/// <summary>Plausible capture settings for a sample's EXIF.</summary>
internal sealed record CaptureSettings(uint ShutterDenominator, uint ApertureTenths, ushort Iso, uint FocalLength)
{
    private static readonly uint[] Shutters = [60, 125, 250, 500, 1000];
    private static readonly uint[] Apertures = [14, 18, 28, 40, 56, 80];
    private static readonly ushort[] Isos = [100, 200, 400, 800, 1600, 3200];
    private static readonly uint[] FocalLengths = [24, 35, 50, 85, 105, 200];

    public static CaptureSettings Draw(SampleRandom random) => new(
        Shutters[random.Next(0, Shutters.Length)],
        Apertures[random.Next(0, Apertures.Length)],
        Isos[random.Next(0, Isos.Length)],
        FocalLengths[random.Next(0, FocalLengths.Length)]);
}
