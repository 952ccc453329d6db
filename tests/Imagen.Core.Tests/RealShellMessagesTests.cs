using System.Text.Json;
using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

/// <summary>
/// Messages and checks found wanting in a real shell (issue #8): a server's sentence inside ours keeps one full stop,
/// an unreadable file is not called a content mismatch, and a crop ratio without a crop is refused.
/// </summary>
public class RealShellMessagesTests : IDisposable
{
    private static readonly ImagenProfile RawProfile = new(5700, "CLEAN & CRISP", "RAW", "Talent");
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("Invalid API key.", "Invalid API key.")]
    [InlineData("Access denied", "Access denied.")]
    [InlineData("  Is it there?  ", "Is it there?")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void SentenceEndsWithExactlyOneStop(string? text, string expected)
    {
        Assert.Equal(expected, ImagenFormat.Sentence(text));
    }

    [Fact]
    public void AnUnreadableFileIsReportedAsUnreadableWithOneStop()
    {
        string path = _folder.Write("IMG_0001.cr2", FileSamples.Cr2);
        ProfileFileValidation result;
        if (OperatingSystem.IsWindows())
        {
            // Another program holding the file open without sharing.
            using var locked = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            result = ProfileFileValidator.Validate(new[] { path }, RawProfile);
        }
        else
        {
            // A name that opens but cannot be read (tests run as root here, so permissions would not stop them).
            File.Delete(path);
            File.CreateSymbolicLink(path, "/proc/self/mem");
            result = ProfileFileValidator.Validate(new[] { path }, RawProfile);
        }

        var problem = Assert.Single(result.Problems);
        Assert.Equal(ImagenErrorIds.FileUnreadable, problem.ErrorId);
        Assert.StartsWith("'IMG_0001.cr2' could not be read: ", problem.Message);
        Assert.DoesNotContain("..", problem.Message);
        Assert.Contains("read", problem.RecommendedAction);
    }

    [Theory]
    [InlineData("{\"created_at\":\"2026-06-01T09:30:00.000Z\"}", "2026-06-01T09:30:00.0000000+00:00")]
    [InlineData("{\"created_at\":\"2026-06-01T11:30:00+02:00\"}", "2026-06-01T09:30:00.0000000+00:00")]
    [InlineData("{\"created_at\":\"2026-06-01 09:30:00\"}", "2026-06-01T09:30:00.0000000+00:00")]
    [InlineData("{\"created_at\":1780306200}", "2026-06-01T09:30:00.0000000+00:00")]
    [InlineData("{\"created_at\":1780306200000}", "2026-06-01T09:30:00.0000000+00:00")]
    [InlineData("{\"created_at\":\"yesterday\"}", null)]
    [InlineData("{}", null)]
    public void TimesArePointsInTime(string json, string? expected)
    {
        DateTimeOffset? time = ApiEnvelope.GetTime(JsonDocument.Parse(json).RootElement, "created_at");
        Assert.Equal(expected, time?.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void ACropAspectRatioWithoutACropIsRefused()
    {
        var problem = Assert.Single(new ImagenEditOptions { CropAspectRatio = ImagenCropAspectRatio.Ratio4X5 }.Validate());
        Assert.Equal(ImagenErrorIds.InvalidEditOption, problem.ErrorId);
        Assert.Contains("-Crop", problem.RecommendedAction);

        Assert.Empty(new ImagenEditOptions { CropAspectRatio = ImagenCropAspectRatio.Ratio4X5, Crop = true }.Validate());
        Assert.Empty(new ImagenEditOptions { CropAspectRatio = ImagenCropAspectRatio.Ratio2X3, HeadshotCrop = true }.Validate());
    }
}
