using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

public class ProfileFileValidatorTests : IDisposable
{
    private static readonly ImagenProfile RawProfile = new(5700, "CLEAN & CRISP", "RAW", "Talent");
    private static readonly ImagenProfile JpgProfile = new(29132, "MOMENTICOS", "JPG", "Talent");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void MatchingRawFilesAreValid()
    {
        var files = new[] { _folder.Write("ceremony_01.cr2", FileSamples.Cr2), _folder.Write("ceremony_02.nef", FileSamples.TiffBigEndian), _folder.Write("portraits_01.dng", FileSamples.TiffLittleEndian) };
        var result = ProfileFileValidator.Validate(files, RawProfile);
        Assert.True(result.IsValid);
        Assert.Equal(3, result.Files.Count);
        Assert.All(result.Files, f => Assert.True(f.IsValid));
        Assert.Equal(ImagenContentFormat.CanonCr2, result.Files[0].Content);
        Assert.Equal("ceremony_01.cr2", result.Files[0].Name);
    }

    [Fact]
    public void RawProfileGivenJpegsUsesTheSdkWording()
    {
        var files = new[] { _folder.Write("photo1.jpg", FileSamples.Jpeg), _folder.Write("photo2.jpeg", FileSamples.Jpeg) };
        var result = ProfileFileValidator.Validate(files, RawProfile);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("ImagenFileTypeMismatch", problem.ErrorId);
        Assert.Equal("RAW profile cannot be used with JPG files: ['photo1.jpg', 'photo2.jpeg']", problem.Message);
        Assert.Equal(files, problem.Files);
        Assert.All(result.Files, f => Assert.Equal("ImagenFileTypeMismatch", f.ErrorId));
    }

    [Fact]
    public void JpgProfileGivenRawFilesUsesTheSdkWording()
    {
        var files = new[] { _folder.Write("photo1.cr2", FileSamples.Cr2), _folder.Write("photo2.nef", FileSamples.TiffLittleEndian) };
        var result = ProfileFileValidator.Validate(files, JpgProfile);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("JPG profile cannot be used with RAW files: ['photo1.cr2', 'photo2.nef']", problem.Message);
    }

    [Fact]
    public void MixedRawAndJpegIsReported()
    {
        var files = new[] { _folder.Write("photo1.cr2", FileSamples.Cr2), _folder.Write("photo2.jpg", FileSamples.Jpeg), _folder.Write("photo3.nef", FileSamples.TiffLittleEndian) };
        var result = ProfileFileValidator.Validate(files, (string?)null);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("ImagenMixedFileTypes", problem.ErrorId);
        Assert.Contains("['photo1.cr2', 'photo3.nef']", problem.Message);
        Assert.Contains("['photo2.jpg']", problem.Message);
    }

    [Fact]
    public void MixedWithAProfileReportsTheMismatchAndTheMix()
    {
        var files = new[] { _folder.Write("photo1.cr2", FileSamples.Cr2), _folder.Write("photo2.jpg", FileSamples.Jpeg) };
        var result = ProfileFileValidator.Validate(files, RawProfile);
        Assert.Equal(new[] { "ImagenFileTypeMismatch", "ImagenMixedFileTypes" }, result.Problems.Select(p => p.ErrorId));
        Assert.Equal("RAW profile cannot be used with JPG files: ['photo2.jpg']", result.Problems[0].Message);
    }

    [Fact]
    public void UnsupportedExtensionsUseTheSdkWording()
    {
        var files = new[] { _folder.Write("a.cr2", FileSamples.Cr2), _folder.Write("b.png", FileSamples.Png), _folder.Write("c.heic", FileSamples.Pad(1)) };
        var result = ProfileFileValidator.Validate(files, RawProfile);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("ImagenUnsupportedFileType", problem.ErrorId);
        Assert.Equal("RAW profile cannot be used with unsupported files: ['b.png', 'c.heic']", problem.Message);
        Assert.True(result.Files[0].IsValid);
        Assert.False(result.Files[1].IsValid);
        Assert.NotNull(problem.RecommendedAction);
    }

    [Fact]
    public void MissingFilesAreReportedOneByOne()
    {
        var present = _folder.Write("a.cr2", FileSamples.Cr2);
        var missing1 = Path.Combine(_folder.Path, "missing1.cr2");
        var missing2 = Path.Combine(_folder.Path, "missing2.cr2");
        var result = ProfileFileValidator.Validate(new[] { present, missing1, missing2 }, RawProfile);
        Assert.Equal(2, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Equal("ImagenFileNotFound", p.ErrorId));
        Assert.Contains(missing1, result.Problems[0].Message);
        Assert.False(result.Files[1].Exists);
        Assert.Null(result.Files[1].Content);
    }

    [Fact]
    public void AFolderIsNotAFile()
    {
        var result = ProfileFileValidator.Validate(new[] { _folder.Path }, RawProfile);
        Assert.Contains("is a folder", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void DuplicateBaseNamesInDifferentFoldersAreReported()
    {
        var first = _folder.Write(Path.Combine("day1", "IMG_0001.CR2"), FileSamples.Cr2);
        var second = _folder.Write(Path.Combine("day2", "img_0001.cr2"), FileSamples.Cr2);
        var result = ProfileFileValidator.Validate(new[] { first, second }, RawProfile);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("ImagenDuplicateFileName", problem.ErrorId);
        Assert.Contains(first, problem.Message);
        Assert.Contains(second, problem.Message);
    }

    [Fact]
    public void TheSamePathTwiceIsNotADuplicate()
    {
        var file = _folder.Write("a.cr2", FileSamples.Cr2);
        Assert.True(ProfileFileValidator.Validate(new[] { file, file }, RawProfile).IsValid);
    }

    [Fact]
    public void ContentContradictionsAreReportedWithEvidence()
    {
        var renamed = _folder.Write("IMG_0002.cr2", FileSamples.Jpeg);
        var empty = _folder.Write("IMG_0003.nef", Array.Empty<byte>());
        var text = _folder.Write("IMG_0004.nef", FileSamples.Text);
        var fine = _folder.Write("IMG_0005.cr2", FileSamples.Cr2);
        var result = ProfileFileValidator.Validate(new[] { renamed, empty, text, fine }, RawProfile);
        Assert.Equal(3, result.Problems.Count);
        Assert.All(result.Problems, p => Assert.Equal("ImagenFileContentMismatch", p.ErrorId));
        Assert.Equal(ImagenContentFormat.Jpeg, result.Files[0].Content);
        Assert.Contains("FF D8 FF", result.Files[0].Evidence);
        Assert.Equal(ImagenContentFormat.Empty, result.Files[1].Content);
        Assert.Equal(ImagenContentFormat.Text, result.Files[2].Content);
        Assert.True(result.Files[3].IsValid);
    }

    [Fact]
    public void ContentInspectionCanBeTurnedOff()
    {
        var renamed = _folder.Write("IMG_0002.cr2", FileSamples.Jpeg);
        var result = ProfileFileValidator.Validate(new[] { renamed }, RawProfile, inspectContent: false);
        Assert.True(result.IsValid);
        Assert.Null(result.Files[0].Content);
    }

    [Fact]
    public void NoFilesIsAProblem()
    {
        Assert.Equal("ImagenNoFiles", Assert.Single(ProfileFileValidator.Validate(Array.Empty<string>(), RawProfile).Problems).ErrorId);
    }

    [Fact]
    public void UnknownProfileImageTypeIsReported()
    {
        var file = _folder.Write("a.cr2", FileSamples.Cr2);
        var result = ProfileFileValidator.Validate(new[] { file }, new ImagenProfile(1, "Odd", "VIDEO", "Talent"));
        Assert.Equal("ImagenUnsupportedProfileType", Assert.Single(result.Problems).ErrorId);
    }

    [Fact]
    public void ThrowIfInvalidCarriesEveryProblem()
    {
        var files = new[] { _folder.Write("a.jpg", FileSamples.Jpeg), _folder.Write("b.png", FileSamples.Png) };
        var error = Assert.Throws<ImagenValidationException>(() => ProfileFileValidator.Validate(files, RawProfile).ThrowIfInvalid());
        Assert.Equal(2, error.Problems.Count);
        Assert.Equal("ImagenUnsupportedFileType", error.ErrorId);
    }
}
