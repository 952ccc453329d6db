using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

public class FileContentInspectorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string, byte[], ImagenContentFormat> Signatures => new()
    {
        { "a.jpg", FileSamples.Jpeg, ImagenContentFormat.Jpeg },
        { "a.dng", FileSamples.TiffLittleEndian, ImagenContentFormat.TiffRaw },
        { "a.nef", FileSamples.TiffBigEndian, ImagenContentFormat.TiffRaw },
        { "a.cr2", FileSamples.Cr2, ImagenContentFormat.CanonCr2 },
        { "a.orf", FileSamples.Orf, ImagenContentFormat.OlympusOrf },
        { "a.rw2", FileSamples.Rw2, ImagenContentFormat.PanasonicRw2 },
        { "a.cr3", FileSamples.Cr3, ImagenContentFormat.CanonCr3 },
        { "a.raf", FileSamples.Raf, ImagenContentFormat.FujifilmRaf },
        { "a.png", FileSamples.Png, ImagenContentFormat.Png },
        { "a.txt", FileSamples.Text, ImagenContentFormat.Text },
        { "a.nef", Array.Empty<byte>(), ImagenContentFormat.Empty },
    };

    [Theory]
    [MemberData(nameof(Signatures))]
    public void RecognisesEachSignatureFromARealFile(string name, byte[] content, ImagenContentFormat expected)
    {
        var path = _folder.Write(name, content);
        var inspection = FileContentInspector.Inspect(path);
        Assert.Equal(expected, inspection.Format);
        Assert.Equal(content.Length, inspection.Length);
    }

    [Fact]
    public void RandomBinaryIsUnknownNotText()
    {
        var path = _folder.Write("a.srw", FileSamples.Pad(0x12, 0x34));
        Assert.Equal(ImagenContentFormat.Unknown, FileContentInspector.Inspect(path).Format);
    }

    [Fact]
    public void EvidenceShowsTheBytesAndTheirMeaning()
    {
        var path = _folder.Write("a.jpg", FileSamples.Jpeg);
        var inspection = FileContentInspector.Inspect(path);
        Assert.Contains("FF D8 FF E0", inspection.Evidence);
        Assert.Contains("JPEG", inspection.Evidence);
    }

    [Fact]
    public void JpegRenamedToCr2IsAContradictionWithEvidence()
    {
        var path = _folder.Write("IMG_0001.cr2", FileSamples.Jpeg);
        var message = FileContentInspector.DescribeContradiction(path, ImagenFileKind.Raw, FileContentInspector.Inspect(path));
        Assert.NotNull(message);
        Assert.Contains("IMG_0001.cr2", message);
        Assert.Contains("a JPEG image", message);
        Assert.Contains("FF D8 FF", message);
    }

    [Fact]
    public void EmptyFileIsAContradiction()
    {
        var path = _folder.Write("empty.jpg", Array.Empty<byte>());
        var message = FileContentInspector.DescribeContradiction(path, ImagenFileKind.Jpeg, FileContentInspector.Inspect(path));
        Assert.Contains("empty (0 bytes)", message);
    }

    [Fact]
    public void TextNamedNefIsAContradictionQuotingTheText()
    {
        var path = _folder.Write("notes.nef", FileSamples.Text);
        var message = FileContentInspector.DescribeContradiction(path, ImagenFileKind.Raw, FileContentInspector.Inspect(path));
        Assert.Contains("text, not image data", message);
        Assert.Contains("Hello, this is a shopping list", message);
    }

    [Fact]
    public void TiffNamedJpgIsAContradiction()
    {
        var path = _folder.Write("photo.jpg", FileSamples.TiffLittleEndian);
        Assert.NotNull(FileContentInspector.DescribeContradiction(path, ImagenFileKind.Jpeg, FileContentInspector.Inspect(path)));
    }

    [Fact]
    public void TiffNamedCr3IsAContradictionButTiffNamedNefIsNot()
    {
        var cr3 = _folder.Write("a.cr3", FileSamples.TiffLittleEndian);
        var nef = _folder.Write("a.nef", FileSamples.TiffLittleEndian);
        Assert.NotNull(FileContentInspector.DescribeContradiction(cr3, ImagenFileKind.Raw, FileContentInspector.Inspect(cr3)));
        Assert.Null(FileContentInspector.DescribeContradiction(nef, ImagenFileKind.Raw, FileContentInspector.Inspect(nef)));
    }

    [Theory]
    [InlineData("a.dng")]
    [InlineData("a.cr2")]
    [InlineData("a.srw")]
    public void GenuineOrUnrecognisedRawContentIsNotAContradiction(string name)
    {
        var content = name == "a.cr2" ? FileSamples.Cr2 : name == "a.dng" ? FileSamples.TiffLittleEndian : FileSamples.Pad(0x01, 0x02, 0x00);
        var path = _folder.Write(name, content);
        Assert.Null(FileContentInspector.DescribeContradiction(path, ImagenFileKind.Raw, FileContentInspector.Inspect(path)));
    }

    [Fact]
    public void RealJpegIsNotAContradiction()
    {
        var path = _folder.Write("a.JPG", FileSamples.Jpeg);
        Assert.Null(FileContentInspector.DescribeContradiction(path, ImagenFileKind.Jpeg, FileContentInspector.Inspect(path)));
    }
}
