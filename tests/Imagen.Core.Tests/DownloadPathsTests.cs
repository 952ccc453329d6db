using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

public class DownloadPathsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("IMG_0001.xmp")]
    [InlineData("a..b.jpg")]
    [InlineData("Wedding 01.JPG")]
    public void PlainNamesResolveInsideTheFolder(string name)
    {
        Assert.Equal(Path.Combine(_folder.Path, name), ImagenDownloadPaths.Resolve(_folder.Path, name));
    }

    [Theory]
    [InlineData("../evil.xmp")]
    [InlineData("..\\evil.xmp")]
    [InlineData("..")]
    [InlineData("sub/evil.xmp")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\evil.dll")]
    [InlineData("C:evil.xmp")]
    [InlineData("file.xmp:stream")]
    [InlineData("")]
    [InlineData("NUL.xmp")]
    [InlineData("trailing.")]
    public void UnsafeNamesAreRefused(string name)
    {
        var error = Assert.Throws<ImagenException>(() => ImagenDownloadPaths.Resolve(_folder.Path, name));
        Assert.Equal("ImagenUnsafeFileName", error.ErrorId);
    }

    [Fact]
    public void SidecarsGoBesideTheirOriginals()
    {
        var uploaded = new Dictionary<string, string>
        {
            ["IMG_0001.CR2"] = Path.Combine(_folder.Path, "day1", "IMG_0001.CR2"),
            ["IMG_0002.CR2"] = Path.Combine(_folder.Path, "day2", "IMG_0002.CR2"),
        };
        var xmp = new ImagenDownloadLink("p", ImagenJobKind.Edit, "img_0002.xmp", new Uri("https://s3.example/x"));
        Assert.Equal(Path.Combine(_folder.Path, "day2"), ImagenResultLayout.FolderFor(xmp, uploaded));
    }

    [Fact]
    public void EditedOriginalsAndExportsGoIntoSubfolders()
    {
        var uploaded = new Dictionary<string, string> { ["a.dng"] = Path.Combine(_folder.Path, "a.dng") };
        var edited = new ImagenDownloadLink("p", ImagenJobKind.Edit, "a.dng", new Uri("https://s3.example/x"));
        var exported = new ImagenDownloadLink("p", ImagenJobKind.Export, "a.jpg", new Uri("https://s3.example/y"));
        var stray = new ImagenDownloadLink("p", ImagenJobKind.Edit, "other.xmp", new Uri("https://s3.example/z"));
        Assert.Equal(Path.Combine(_folder.Path, "Imagen Edit"), ImagenResultLayout.FolderFor(edited, uploaded));
        Assert.Equal(Path.Combine(_folder.Path, "Imagen Export"), ImagenResultLayout.FolderFor(exported, uploaded));
        Assert.Equal(_folder.Path, ImagenResultLayout.FolderFor(stray, uploaded));
    }
}
