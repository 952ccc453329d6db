using System.Xml.Linq;
using Imagen.Emulator.Artifacts;
using Imagen.Emulator.Samples;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Edit outputs (XMP sidecar, XMP embedded in JPEG and DNG) and exported JPEGs, on real files.</summary>
public sealed class ArtifactsTests : IDisposable
{
    private static readonly XNamespace Crs = "http://ns.adobe.com/camera-raw-settings/1.0/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Meta = "adobe:ns:meta/";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagen-artifacts-" + Guid.NewGuid().ToString("N"));
    private readonly string _inputs;
    private readonly string _outputs;

    public ArtifactsTests()
    {
        _inputs = Directory.CreateDirectory(Path.Combine(_root, "in")).FullName;
        _outputs = Path.Combine(_root, "out");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static ProfileStyle CleanAndCrisp => ProfileStyle.For(5700, "CLEAN & CRISP");

    /// <summary>A style with every slider at zero, so a test can move one of them alone.</summary>
    private static ProfileStyle Neutral => new() { ProfileKey = 1, ProfileName = "NEUTRAL" };

    [Fact]
    public void Raw_edit_output_is_an_xmp_sidecar_with_camera_raw_settings()
    {
        string nef = Sample("raw", 0);

        string name = EditArtifacts.WriteEditOutput(nef, "DSC_0001.nef", CleanAndCrisp, _outputs);

        Assert.Equal("DSC_0001.xmp", name);
        var xmp = XDocument.Load(Path.Combine(_outputs, name));
        Assert.Equal(Meta + "xmpmeta", xmp.Root!.Name);
        var description = xmp.Descendants(Rdf + "Description").Single();
        Assert.Equal("True", (string?)description.Attribute(Crs + "HasSettings"));
        Assert.Equal("11.0", (string?)description.Attribute(Crs + "ProcessVersion"));
        Assert.Equal("DSC_0001.nef", (string?)description.Attribute(Crs + "RawFileName"));
        foreach (var setting in new[] { "Exposure2012", "Contrast2012", "Highlights2012", "Shadows2012", "Whites2012",
                     "Blacks2012", "Temperature", "Tint", "Vibrance", "Saturation", "Clarity2012", "Texture" })
            Assert.NotNull(description.Attribute(Crs + setting));
        Assert.InRange(int.Parse((string)description.Attribute(Crs + "Temperature")!), 2000, 50000);
        Assert.Matches(@"^[+-]?\d+\.\d\d$", (string)description.Attribute(Crs + "Exposure2012")!);
    }

    [Fact]
    public void Sidecars_differ_between_profiles()
    {
        string cr2 = Sample("raw", 1);

        var crisp = CameraRawSettings(EditInto("crisp", cr2, "IMG_0002.cr2", CleanAndCrisp));
        var moody = CameraRawSettings(EditInto("moody", cr2, "IMG_0002.cr2", ProfileStyle.For(4242, "MOODY FILM")));

        Assert.NotEqual(crisp["Exposure2012"], moody["Exposure2012"]);
        Assert.NotEqual(crisp["Contrast2012"], moody["Contrast2012"]);
        Assert.True(double.Parse(crisp["Exposure2012"]) > double.Parse(moody["Exposure2012"]),
            "a MOODY profile exposes darker than CLEAN & CRISP's base");
    }

    [Fact]
    public void Sidecars_differ_between_a_dark_and_a_bright_photo()
    {
        string dark = WriteRawWithPreview("DARK.nef", Jpeg(480, 320, (x, y) => (byte)(25 + (x + y) % 20)));
        string bright = WriteRawWithPreview("BRIGHT.nef", Jpeg(480, 320, (x, y) => (byte)(200 + (x + y) % 20)));

        var darkSettings = CameraRawSettings(Path.Combine(_outputs, EditArtifacts.WriteEditOutput(dark, "DARK.nef", CleanAndCrisp, _outputs)));
        var brightSettings = CameraRawSettings(Path.Combine(_outputs, EditArtifacts.WriteEditOutput(bright, "BRIGHT.nef", CleanAndCrisp, _outputs)));

        Assert.True(double.Parse(darkSettings["Exposure2012"]) > double.Parse(brightSettings["Exposure2012"]) + 0.5,
            $"dark {darkSettings["Exposure2012"]} vs bright {brightSettings["Exposure2012"]}");
        Assert.True(int.Parse(darkSettings["Shadows2012"]) > int.Parse(brightSettings["Shadows2012"]));
    }

    [Fact]
    public void Jpeg_edit_output_keeps_the_name_and_pixels_and_carries_the_xmp_in_app1()
    {
        string jpeg = Sample("jpeg", 0);

        string name = EditArtifacts.WriteEditOutput(jpeg, "IMG_0001.jpg", CleanAndCrisp, _outputs);

        Assert.Equal("IMG_0001.jpg", name);
        string output = Path.Combine(_outputs, name);
        using (var stream = File.OpenRead(output))
        {
            var packet = JpegXmpEmbedder.FindXmp(stream);
            Assert.NotNull(packet);
            var description = XDocument.Parse(System.Text.Encoding.UTF8.GetString(packet)).Descendants(Rdf + "Description").Single();
            Assert.Equal("True", (string?)description.Attribute(Crs + "HasSettings"));
            Assert.NotNull(description.Attribute(Crs + "IncrementalTemperature")); // rendered files use the incremental sliders
            Assert.Null(description.Attribute(Crs + "Temperature"));
        }
        Assert.Equal(Decode(jpeg).Rgb, Decode(output).Rgb); // the XMP is an instruction; the pixels are untouched
    }

    [Fact]
    public void Editing_a_jpeg_twice_replaces_its_xmp_instead_of_adding_another()
    {
        string jpeg = Sample("jpeg", 0);
        string first = Path.Combine(_outputs, EditArtifacts.WriteEditOutput(jpeg, "IMG_0001.jpg", CleanAndCrisp, _outputs));
        string again = Path.Combine(_root, "again");

        string second = Path.Combine(again, EditArtifacts.WriteEditOutput(first, "IMG_0001.jpg", ProfileStyle.For(9, "WARM"), again));

        var bytes = File.ReadAllBytes(second);
        int occurrences = CountOccurrences(bytes, "http://ns.adobe.com/xap/1.0/\0"u8.ToArray());
        Assert.Equal(1, occurrences);
    }

    [Fact]
    public void Dng_edit_output_is_still_a_tiff_with_the_xmp_in_tag_700()
    {
        string dng = Sample("raw", 2);
        using var original = File.OpenRead(dng);
        var originalIfd0 = new TiffReader(original).ReadDirectory(new TiffReader(original).FirstIfdOffset, "IFD0");

        string name = EditArtifacts.WriteEditOutput(dng, "L1000003.dng", CleanAndCrisp, _outputs);

        Assert.Equal("L1000003.dng", name);
        using var edited = File.OpenRead(Path.Combine(_outputs, name));
        var reader = new TiffReader(edited);
        var ifd0 = reader.ReadDirectory(reader.FirstIfdOffset, "IFD0");
        var xmpEntry = ifd0.Find(700);
        Assert.NotNull(xmpEntry);
        Assert.Equal(originalIfd0.Entries.Count + 1, ifd0.Entries.Count);
        Assert.Equal(ifd0.Entries.Select(e => e.Tag).Order(), ifd0.Entries.Select(e => e.Tag)); // TIFF wants tag order
        var packet = XDocument.Parse(System.Text.Encoding.UTF8.GetString(reader.ReadValueBytes(xmpEntry)));
        Assert.Equal("True", (string?)packet.Descendants(Rdf + "Description").Single().Attribute(Crs + "HasSettings"));
        Assert.Equal("LEICA Q2", reader.ReadAscii(ifd0, 272));
        original.Position = 0;
        Assert.Equal(
            new TiffReader(original).ReadAllDirectories().Select(d => d.Name),
            reader.ReadAllDirectories().Select(d => d.Name)); // IFD0, its raw and preview SubIFDs, EXIF
        Assert.Equal(480, RawPreviewLocator.Find(edited)?.Width);
    }

    [Fact]
    public void Editing_a_dng_twice_keeps_one_xmp_tag()
    {
        string first = EditInto("first", Sample("raw", 2), "L1000003.dng", CleanAndCrisp);

        string second = EditInto("second", first, "L1000003.dng", ProfileStyle.For(12, "MOODY"));

        using var stream = File.OpenRead(second);
        var reader = new TiffReader(stream);
        var ifd0 = reader.ReadDirectory(reader.FirstIfdOffset, "IFD0");
        var xmp = Assert.Single(ifd0.Entries, e => e.Tag == 700);
        Assert.Contains("MOODY", System.Text.Encoding.UTF8.GetString(reader.ReadValueBytes(xmp)));
    }

    [Fact]
    public void A_big_endian_tiff_gets_its_xmp_tag_in_big_endian()
    {
        string dng = Path.Combine(_inputs, "MOTOROLA.dng");
        File.WriteAllBytes(dng, [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,                 // header, IFD0 at 8
            0, 2,                                                    // two entries
            0x01, 0x00, 0, 3, 0, 0, 0, 1, 0, 16, 0, 0,               // ImageWidth SHORT 1 = 16
            0x01, 0x0F, 0, 2, 0, 0, 0, 4, (byte)'F', (byte)'o', (byte)'o', 0, // Make ASCII "Foo"
            0, 0, 0, 0]);                                            // no next IFD

        string edited = EditInto("be", dng, "MOTOROLA.dng", Neutral);

        using var stream = File.OpenRead(edited);
        var reader = new TiffReader(stream);
        Assert.True(reader.IsBigEndian);
        var ifd0 = reader.ReadDirectory(reader.FirstIfdOffset, "IFD0");
        Assert.Equal([256, 271, 700], ifd0.Entries.Select(e => (int)e.Tag));
        Assert.Equal(16u, reader.ReadUInt32(ifd0, 256));
        Assert.Equal("Foo", reader.ReadAscii(ifd0, 271));
        Assert.StartsWith("<?xpacket begin=", System.Text.Encoding.UTF8.GetString(reader.ReadValueBytes(ifd0.Find(700)!)));
    }

    [Fact]
    public void Export_of_a_jpeg_keeps_its_dimensions_and_follows_the_profile_exposure()
    {
        string grey = Path.Combine(_inputs, "GREY.jpg");
        File.WriteAllBytes(grey, Jpeg(300, 200, (x, y) => (byte)(110 + (x * 7 + y * 3) % 30)));
        double before = MeanBrightness(grey);

        string brighter = ExportInto("up", grey, "GREY.jpg", Neutral with { Exposure = 1.0 });
        string darker = ExportInto("down", grey, "GREY.jpg", Neutral with { Exposure = -1.0 });

        var (width, height, _) = Decode(brighter);
        Assert.Equal((300, 200), (width, height));
        Assert.True(MeanBrightness(brighter) > before + 20, $"+1 EV: {before:F1} -> {MeanBrightness(brighter):F1}");
        Assert.True(MeanBrightness(darker) < before - 20, $"-1 EV: {before:F1} -> {MeanBrightness(darker):F1}");
    }

    [Fact]
    public void Export_shows_the_profile_colour_adjustments()
    {
        string jpeg = Sample("jpeg", 1);

        string mono = Path.Combine(_outputs, EditArtifacts.WriteExportJpeg(jpeg, "IMG_0002.jpg", ProfileStyle.For(77, "B&W CLASSIC"), _outputs));
        var (_, _, rgb) = Decode(mono);
        double maxChannelSpread = 0;
        for (int i = 0; i < rgb.Length; i += 3)
            maxChannelSpread = Math.Max(maxChannelSpread, Math.Max(Math.Abs(rgb[i] - rgb[i + 1]), Math.Abs(rgb[i + 2] - rgb[i + 1])));
        Assert.True(maxChannelSpread <= 6, $"a B&W profile renders grey pixels (spread {maxChannelSpread})");

        string warm = ExportInto("warm", jpeg, "IMG_0002.jpg", Neutral with { TemperatureShift = 1500 });
        string cool = ExportInto("cool", jpeg, "IMG_0002.jpg", Neutral with { TemperatureShift = -1500 });
        Assert.True(RedMinusBlue(warm) > RedMinusBlue(cool) + 10);
    }

    [Theory]
    [InlineData(0, "DSC_0001.nef")]
    [InlineData(1, "IMG_0002.cr2")]
    [InlineData(2, "L1000003.dng")]
    public void Export_of_a_raw_file_develops_its_embedded_preview(int index, string fileName)
    {
        string raw = Sample("raw", index);

        string name = EditArtifacts.WriteExportJpeg(raw, fileName, CleanAndCrisp, _outputs);

        Assert.Equal(Path.ChangeExtension(fileName, ".jpg"), name);
        var (width, height, _) = Decode(Path.Combine(_outputs, name));
        Assert.Equal((SampleRawWriter.PreviewWidth, SampleRawWriter.PreviewHeight), (width, height));
        Assert.Contains("embedded 480x320 preview", File.ReadAllText(Path.Combine(_outputs, name), System.Text.Encoding.Latin1));
    }

    [Fact]
    public void Export_of_a_non_tiff_raw_finds_a_preview_by_scanning_for_it()
    {
        var preview = Jpeg(400, 300, (x, y) => (byte)(x / 2));
        string raf = Path.Combine(_inputs, "DSCF0001.RAF");
        File.WriteAllBytes(raf, [.. "FUJIFILMCCD-RAW 0201FF383501"u8, .. new byte[100], .. preview, .. new byte[5000]]);

        string name = EditArtifacts.WriteExportJpeg(raf, "DSCF0001.RAF", Neutral, _outputs);

        var (width, height, _) = Decode(Path.Combine(_outputs, name));
        Assert.Equal((400, 300), (width, height));
    }

    [Fact]
    public void Export_of_a_raw_file_without_preview_is_a_labelled_grey_placeholder()
    {
        string cr3 = Path.Combine(_inputs, "IMG_0009.CR3");
        var bytes = new byte[4096];
        "\0\0\0\u0018ftypcrx "u8.CopyTo(bytes);
        File.WriteAllBytes(cr3, bytes);

        string name = EditArtifacts.WriteExportJpeg(cr3, "IMG_0009.CR3", Neutral, _outputs);
        string sidecar = EditArtifacts.WriteEditOutput(cr3, "IMG_0009.CR3", Neutral, _outputs);

        Assert.Equal("IMG_0009.jpg", name);
        Assert.Equal("IMG_0009.xmp", sidecar);
        var (width, height, rgb) = Decode(Path.Combine(_outputs, name));
        Assert.Equal((1200, 800), (width, height));
        Assert.InRange(rgb.Average(b => b), 100, 140);
        Assert.Contains("no embedded preview", File.ReadAllText(Path.Combine(_outputs, name), System.Text.Encoding.Latin1));
    }

    [Fact]
    public void A_raw_file_with_a_damaged_preview_still_gets_its_sidecar_and_a_placeholder_export()
    {
        var preview = Jpeg(400, 300, (x, y) => (byte)(x / 2));
        int frame = preview.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        preview.AsSpan(frame + 5, 4).Clear(); // SOF0 with a 0x0 image
        string nef = WriteRawWithPreview("DSC_0666.nef", preview);

        string sidecar = EditArtifacts.WriteEditOutput(nef, "DSC_0666.nef", CleanAndCrisp, _outputs);
        string export = EditArtifacts.WriteExportJpeg(nef, "DSC_0666.nef", CleanAndCrisp, _outputs);

        Assert.Equal("True", CameraRawSettings(Path.Combine(_outputs, sidecar))["HasSettings"]);
        Assert.Equal((1200, 800), (Decode(Path.Combine(_outputs, export)).Width, Decode(Path.Combine(_outputs, export)).Height));
    }

    [Fact]
    public void A_file_that_is_not_what_its_extension_says_is_refused_by_name_and_leaves_nothing_behind()
    {
        string fake = Path.Combine(_inputs, "NOTES.jpg");
        File.WriteAllText(fake, "this is a text file, not a photo");
        string fakeDng = Path.Combine(_inputs, "NOTES.dng");
        File.WriteAllText(fakeDng, "this is a text file, not a photo");

        var jpegError = Assert.Throws<InvalidDataException>(() => EditArtifacts.WriteEditOutput(fake, "NOTES.jpg", Neutral, _outputs));
        var exportError = Assert.Throws<InvalidDataException>(() => EditArtifacts.WriteExportJpeg(fake, "NOTES.jpg", Neutral, _outputs));
        var dngError = Assert.Throws<InvalidDataException>(() => EditArtifacts.WriteEditOutput(fakeDng, "NOTES.dng", Neutral, _outputs));

        Assert.Contains("NOTES.jpg", jpegError.Message);
        Assert.Contains("NOTES.jpg", exportError.Message);
        Assert.Contains("NOTES.dng", dngError.Message);
        Assert.Empty(Directory.GetFiles(_outputs));
    }

    [Fact]
    public void A_path_instead_of_a_file_name_is_refused()
    {
        string jpeg = Sample("jpeg", 0);

        Assert.Throws<ArgumentException>(() => EditArtifacts.WriteEditOutput(jpeg, "../IMG_0001.jpg", Neutral, _outputs));
    }

    [Fact]
    public void The_same_input_and_profile_give_the_same_bytes()
    {
        string nef = Sample("raw", 0);

        var first = File.ReadAllBytes(ExportInto("1", nef, "DSC_0001.nef", CleanAndCrisp));
        var second = File.ReadAllBytes(ExportInto("2", nef, "DSC_0001.nef", CleanAndCrisp));
        var sidecar1 = File.ReadAllBytes(EditInto("1", nef, "DSC_0001.nef", CleanAndCrisp));
        var sidecar2 = File.ReadAllBytes(EditInto("2", nef, "DSC_0001.nef", CleanAndCrisp));

        Assert.Equal(first, second);
        Assert.Equal(sidecar1, sidecar2);
    }

    [Fact]
    public void Profile_styles_are_stable_distinct_and_shaped_by_their_names()
    {
        Assert.Equal(ProfileStyle.For(5700, "CLEAN & CRISP"), ProfileStyle.For(5700, "CLEAN & CRISP"));
        Assert.NotEqual(ProfileStyle.For(5700, "X") with { ProfileKey = 0, ProfileName = "" }, ProfileStyle.For(5701, "X") with { ProfileKey = 0, ProfileName = "" });
        Assert.True(ProfileStyle.For(10, "BRIGHT & AIRY").Exposure > 0.4);
        Assert.True(ProfileStyle.For(10, "MOODY").Exposure < -0.3);
        Assert.True(ProfileStyle.For(10, "GOLDEN WARM").TemperatureShift >= 500);
        Assert.True(ProfileStyle.For(10, "Classic B&W").Grayscale);
    }

    private string Sample(string kind, int index)
    {
        var paths = SampleShootGenerator.Generate(Path.Combine(_inputs, kind), index + 1, kind, seed: 7);
        return paths[index];
    }

    private string EditInto(string folder, string input, string fileName, ProfileStyle style)
    {
        string directory = Path.Combine(_outputs, folder);
        return Path.Combine(directory, EditArtifacts.WriteEditOutput(input, fileName, style, directory));
    }

    private string ExportInto(string folder, string input, string fileName, ProfileStyle style)
    {
        string directory = Path.Combine(_outputs, folder);
        return Path.Combine(directory, EditArtifacts.WriteExportJpeg(input, fileName, style, directory));
    }

    private string WriteRawWithPreview(string name, byte[] previewJpeg)
    {
        string path = Path.Combine(_inputs, name);
        using var file = File.Create(path);
        var tiff = new TiffWriter(file);
        uint preview = tiff.WriteData(previewJpeg);
        uint previewIfd = tiff.WriteDirectory(new TiffDirectoryBuilder()
            .Long(254, 1).Short(259, 6).Long(513, preview).Long(514, (uint)previewJpeg.Length));
        tiff.SetFirstDirectory(tiff.WriteDirectory(new TiffDirectoryBuilder()
            .Ascii(271, "NIKON CORPORATION").Ascii(272, "NIKON D850").Pointers(330, previewIfd)));
        return path;
    }

    private static byte[] Jpeg(int width, int height, Func<int, int, byte> grey)
    {
        using var stream = new MemoryStream();
        JpegCodec.Encode(stream, width, height, (row, y) =>
        {
            for (int x = 0; x < width; x++) row[x * 3] = row[x * 3 + 1] = row[x * 3 + 2] = grey(x, y);
        });
        return stream.ToArray();
    }

    private static (int Width, int Height, byte[] Rgb) Decode(string path)
    {
        using var stream = File.OpenRead(path);
        return JpegCodec.Decode(stream);
    }

    private static double MeanBrightness(string path) => Decode(path).Rgb.Average(b => (double)b);

    private static double RedMinusBlue(string path)
    {
        var (_, _, rgb) = Decode(path);
        double sum = 0;
        for (int i = 0; i < rgb.Length; i += 3) sum += rgb[i] - rgb[i + 2];
        return sum / (rgb.Length / 3);
    }

    private static Dictionary<string, string> CameraRawSettings(string xmpPath) =>
        XDocument.Load(xmpPath).Descendants(Rdf + "Description").Single().Attributes()
            .Where(a => a.Name.Namespace == Crs)
            .ToDictionary(a => a.Name.LocalName, a => a.Value);

    private static int CountOccurrences(byte[] haystack, byte[] needle)
    {
        int count = 0;
        for (int i = haystack.AsSpan().IndexOf(needle); i >= 0; )
        {
            count++;
            int next = haystack.AsSpan(i + 1).IndexOf(needle);
            i = next < 0 ? -1 : i + 1 + next;
        }
        return count;
    }
}
