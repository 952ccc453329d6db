namespace Imagen.Core.Tests;

public class ImagenFileTypesTests
{
    [Fact]
    public void RawExtensionsAreExactlyTheSdkSet()
    {
        var expected = new[] { ".dng", ".nef", ".cr2", ".arw", ".nrw", ".crw", ".srf", ".sr2", ".orf", ".raw", ".rw2", ".raf", ".ptx", ".pef", ".rwl", ".srw", ".cr3", ".3fr", ".fff" };
        Assert.Equal(expected, ImagenFileTypes.RawExtensions);
    }

    [Fact]
    public void JpegExtensionsAreExactlyTheSdkSet()
    {
        Assert.Equal(new[] { ".jpg", ".jpeg" }, ImagenFileTypes.JpegExtensions);
    }

    [Theory]
    [InlineData("photo.CR2", ImagenFileKind.Raw)]
    [InlineData(@"C:\shoots\IMG_0001.Nef", ImagenFileKind.Raw)]
    [InlineData("/home/me/a.dng", ImagenFileKind.Raw)]
    [InlineData("x.3FR", ImagenFileKind.Raw)]
    [InlineData("photo.JPG", ImagenFileKind.Jpeg)]
    [InlineData("photo.jpeg", ImagenFileKind.Jpeg)]
    [InlineData("photo.png", ImagenFileKind.Unsupported)]
    [InlineData("photo.heic", ImagenFileKind.Unsupported)]
    [InlineData("photo.tif", ImagenFileKind.Unsupported)]
    [InlineData("README", ImagenFileKind.Unsupported)]
    [InlineData("photo.jpg.txt", ImagenFileKind.Unsupported)]
    public void ClassifiesByExtensionIgnoringCase(string path, ImagenFileKind expected)
    {
        Assert.Equal(expected, ImagenFileTypes.Classify(path));
    }

    [Theory]
    [InlineData("RAW", ImagenFileKind.Raw)]
    [InlineData("raw", ImagenFileKind.Raw)]
    [InlineData("JPG", ImagenFileKind.Jpeg)]
    [InlineData("JPEG", ImagenFileKind.Jpeg)]
    public void MapsProfileImageTypes(string imageType, ImagenFileKind expected)
    {
        Assert.Equal(expected, ImagenFileTypes.KindForProfileImageType(imageType));
    }

    [Fact]
    public void UnknownProfileImageTypeIsNull()
    {
        Assert.Null(ImagenFileTypes.KindForProfileImageType("VIDEO"));
    }
}
