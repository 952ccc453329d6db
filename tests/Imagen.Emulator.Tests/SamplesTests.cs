using Imagen.Emulator.Artifacts;
using Imagen.Emulator.Samples;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>The sample shoot generator: names, formats, embedded previews, sizes and determinism.</summary>
public sealed class SamplesTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagen-samples-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void A_raw_shoot_cycles_through_nef_cr2_and_dng_with_camera_names()
    {
        var paths = SampleShootGenerator.Generate(_root, 7, "raw", seed: 1);

        Assert.Equal(
            ["DSC_0001.nef", "IMG_0002.cr2", "L1000003.dng", "DSC_0004.nef", "IMG_0005.cr2", "L1000006.dng", "DSC_0007.nef"],
            paths.Select(Path.GetFileName));
        Assert.All(paths, path => Assert.Equal(_root, Path.GetDirectoryName(path)));
        Assert.Equal(7, Directory.GetFiles(_root).Length); // nothing else, no temporary files
    }

    [Fact]
    public void A_jpeg_shoot_has_decodable_camera_jpegs_of_a_few_hundred_pixels_and_varied_brightness()
    {
        var paths = SampleShootGenerator.Generate(_root, 6, "jpeg", seed: 3);

        Assert.Equal(["IMG_0001.jpg", "IMG_0002.jpg", "IMG_0003.jpg", "IMG_0004.jpg", "IMG_0005.jpg", "IMG_0006.jpg"], paths.Select(Path.GetFileName));
        var means = new List<double>();
        foreach (var path in paths)
        {
            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
            Assert.Contains("Canon EOS R6", System.Text.Encoding.Latin1.GetString(bytes)); // EXIF Model
            var (width, height, rgb) = JpegCodec.Decode(new MemoryStream(bytes));
            Assert.Equal(480 * 320, width * height);
            Assert.True(rgb.Distinct().Count() > 50, $"{Path.GetFileName(path)} has real pixels, not a flat colour");
            means.Add(rgb.Average(b => (double)b));
        }
        Assert.True(means.Max() - means.Min() > 30, $"brightness varies across the shoot: {string.Join(", ", means.Select(m => m.ToString("F0")))}");
    }

    [Fact]
    public void A_mixed_shoot_alternates_raw_and_jpeg()
    {
        var names = SampleShootGenerator.Generate(_root, 5, "mixed", seed: 1).Select(Path.GetFileName);

        Assert.Equal(["DSC_0001.nef", "IMG_0002.jpg", "IMG_0003.cr2", "IMG_0004.jpg", "L1000005.dng"], names);
    }

    [Fact]
    public void Every_raw_file_is_a_small_valid_tiff_with_camera_tags_and_a_decodable_preview()
    {
        var paths = SampleShootGenerator.Generate(_root, 3, "raw", seed: 11);

        foreach (var path in paths)
        {
            Assert.InRange(new FileInfo(path).Length, 10_000, 100_000);
            using var stream = File.OpenRead(path);
            var header = new byte[4];
            stream.ReadExactly(header);
            Assert.Equal("II*\0"u8.ToArray(), header);
            var reader = new TiffReader(stream);
            var directories = reader.ReadAllDirectories();
            var ifd0 = directories[0];
            Assert.False(string.IsNullOrEmpty(reader.ReadAscii(ifd0, TiffTag.Make)));
            Assert.False(string.IsNullOrEmpty(reader.ReadAscii(ifd0, TiffTag.Model)));
            Assert.Contains(directories, d => reader.ReadUInt32(d, TiffTag.PhotometricInterpretation) == 32803); // the Bayer "raw" data

            var preview = RawPreviewLocator.Find(stream);
            Assert.NotNull(preview);
            var (width, height, rgb) = JpegCodec.Decode(preview.Open(stream));
            Assert.Equal((480, 320), (width, height));
            Assert.True(rgb.Distinct().Count() > 50);
        }
    }

    [Fact]
    public void A_cr2_has_the_canon_header_and_its_raw_ifd_pointer()
    {
        string cr2 = SampleShootGenerator.Generate(_root, 2, "raw", seed: 5)[1];

        var bytes = File.ReadAllBytes(cr2);
        Assert.Equal("II*\0"u8.ToArray(), bytes[..4]);
        Assert.Equal("CR"u8.ToArray(), bytes[8..10]);
        Assert.Equal(2, bytes[10]); // CR2 major version
        uint rawIfd = BitConverter.ToUInt32(bytes, 12);
        var reader = new TiffReader(new MemoryStream(bytes));
        var raw = reader.ReadDirectory(rawIfd, "raw");
        Assert.Equal(32803u, reader.ReadUInt32(raw, TiffTag.PhotometricInterpretation));
        Assert.Equal(rawIfd, reader.ReadAllDirectories().Single(d => d.Name == "IFD3").Offset); // the chain's last IFD, as in a real CR2
    }

    [Fact]
    public void A_dng_carries_the_dng_version_and_a_compression_7_preview()
    {
        string dng = SampleShootGenerator.Generate(_root, 3, "raw", seed: 5)[2];

        using var stream = File.OpenRead(dng);
        var reader = new TiffReader(stream);
        var directories = reader.ReadAllDirectories();
        Assert.NotNull(directories[0].Find(TiffTag.DngVersion));
        Assert.Equal("IFD0.SubIFD1", RawPreviewLocator.Find(stream)!.Location);
        Assert.Equal(7u, reader.ReadUInt32(directories.Single(d => d.Name == "IFD0.SubIFD1"), TiffTag.Compression));
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_other_photos()
    {
        var first = SampleShootGenerator.Generate(Path.Combine(_root, "a"), 4, "mixed", seed: 42);
        var second = SampleShootGenerator.Generate(Path.Combine(_root, "b"), 4, "mixed", seed: 42);
        var other = SampleShootGenerator.Generate(Path.Combine(_root, "c"), 4, "mixed", seed: 43);

        for (int i = 0; i < first.Count; i++)
        {
            Assert.Equal(File.ReadAllBytes(first[i]), File.ReadAllBytes(second[i]));
            Assert.NotEqual(File.ReadAllBytes(first[i]), File.ReadAllBytes(other[i]));
        }
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_clear_message()
    {
        var kind = Assert.Throws<ArgumentException>(() => SampleShootGenerator.Generate(_root, 1, "tiff", seed: 1));
        Assert.Contains("'tiff'", kind.Message);
        Assert.Contains("raw, jpeg, mixed", kind.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => SampleShootGenerator.Generate(_root, -1, "raw", seed: 1));
        Assert.Empty(SampleShootGenerator.Generate(_root, 0, "raw", seed: 1));
    }
}
