using System.Text.Json;

namespace Imagen.Core.Tests;

public class EditOptionsTests
{
    private static JsonElement Body(ImagenEditOptions options, int profileKey = 5700)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            options.WriteJson(writer, profileKey);
        }

        return JsonDocument.Parse(stream.ToArray()).RootElement.Clone();
    }

    [Fact]
    public void OnlyExplicitValuesAreSent()
    {
        var body = Body(new ImagenEditOptions { Crop = true, Straighten = false });
        Assert.Equal("{\"profile_key\":5700,\"crop\":true,\"straighten\":false}", body.GetRawText());
    }

    [Fact]
    public void EveryOptionHasItsWireName()
    {
        var options = new ImagenEditOptions
        {
            PhotographyType = ImagenPhotographyType.REAL_ESTATE,
            Crop = true,
            SmoothSkin = true,
            SubjectMask = true,
            HdrMerge = true,
            HdrOutputCompression = ImagenHdrOutputCompression.LOSSLESS,
            WindowPull = true,
            SkyReplacement = true,
            SkyReplacementTemplateId = 2,
            CropAspectRatio = ImagenCropAspectRatio.Ratio4X5,
            PerspectiveCorrection = true,
            CallbackUrl = "https://example.com/hook/secret",
            Export = true,
        };
        var body = Body(options);
        Assert.Equal("REAL_ESTATE", body.GetProperty("photography_type").GetString());
        Assert.Equal("LOSSLESS", body.GetProperty("hdr_output_compression").GetString());
        Assert.Equal("4X5", body.GetProperty("crop_aspect_ratio").GetString());
        Assert.Equal(2, body.GetProperty("sky_replacement_template_id").GetInt32());
        foreach (var flag in new[] { "crop", "smooth_skin", "subject_mask", "hdr_merge", "window_pull", "sky_replacement", "perspective_correction", "export" })
        {
            Assert.True(body.GetProperty(flag).GetBoolean(), flag);
        }

        Assert.Equal("https://example.com/hook/secret", body.GetProperty("callback_url").GetString());
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(true, true, null)]
    [InlineData(true, null, true)]
    [InlineData(null, true, true)]
    public void AtMostOneCropMode(bool? crop, bool? portrait, bool? headshot)
    {
        var problems = new ImagenEditOptions { Crop = crop, PortraitCrop = portrait, HeadshotCrop = headshot }.Validate();
        Assert.Equal("ImagenConflictingEditOptions", Assert.Single(problems).ErrorId);
    }

    [Fact]
    public void StraightenAndPerspectiveConflict()
    {
        var error = Assert.Throws<ImagenValidationException>(() => new ImagenEditOptions { Straighten = true, PerspectiveCorrection = true }.ThrowIfInvalid());
        Assert.Contains("Straighten or PerspectiveCorrection", error.Message);
    }

    [Fact]
    public void FalseNeverConflicts()
    {
        Assert.Empty(new ImagenEditOptions { Crop = true, PortraitCrop = false, HeadshotCrop = false, Straighten = true, PerspectiveCorrection = false }.Validate());
    }

    [Theory]
    [InlineData("2X3", ImagenCropAspectRatio.Ratio2X3)]
    [InlineData("4x5", ImagenCropAspectRatio.Ratio4X5)]
    [InlineData("5:7", ImagenCropAspectRatio.Ratio5X7)]
    public void ParsesCropAspectRatios(string text, ImagenCropAspectRatio expected)
    {
        Assert.Equal(expected, ImagenEditOptions.ParseCropAspectRatio(text));
    }

    [Fact]
    public void RejectsTheReadmeRatios()
    {
        Assert.Throws<ArgumentException>(() => ImagenEditOptions.ParseCropAspectRatio("16:9"));
    }

    [Fact]
    public void PlainHttpCallbackIsRefused()
    {
        Assert.Equal("ImagenInvalidEditOption", Assert.Single(new ImagenEditOptions { CallbackUrl = "http://example.com/hook" }.Validate()).ErrorId);
    }

    [Theory]
    [InlineData("Completed", ImagenJobState.Completed)]
    [InlineData("COMPLETED", ImagenJobState.Completed)]
    [InlineData("In Progress", ImagenJobState.InProgress)]
    [InlineData("IN PROGRESS", ImagenJobState.InProgress)]
    [InlineData("in_progress", ImagenJobState.InProgress)]
    [InlineData("Pending", ImagenJobState.Pending)]
    [InlineData("FAILED", ImagenJobState.Failed)]
    [InlineData("Reticulating", ImagenJobState.Unknown)]
    public void StatusComparisonIgnoresCaseAndSpaces(string status, ImagenJobState expected)
    {
        Assert.Equal(expected, ImagenJobStatus.Classify(status));
    }
}
