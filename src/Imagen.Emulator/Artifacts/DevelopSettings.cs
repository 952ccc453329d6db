namespace Imagen.Emulator.Artifacts;

/// <summary>
/// The develop settings the emulator "decides" for one photo: the profile's style, corrected for what the image
/// needs (a dark photo gets more exposure, a photo with clipped highlights gets them pulled back, a colour cast is
/// neutralised). The XMP records these values and the export renders them, so the two always agree.
/// </summary>
internal sealed record DevelopSettings
{
    /// <summary>The white balance the emulator assumes the camera recorded, for RAW files (Kelvin).</summary>
    public const int AsShotTemperature = 5500;

    /// <summary>RAW files get absolute Temperature/Tint; rendered files (JPEG) get Lightroom's incremental sliders.</summary>
    public required bool IsRaw { get; init; }
    public required double Exposure { get; init; }
    public required int Contrast { get; init; }
    public required int Highlights { get; init; }
    public required int Shadows { get; init; }
    public required int Whites { get; init; }
    public required int Blacks { get; init; }
    /// <summary>White balance shift in Kelvin from as-shot (positive is warmer).</summary>
    public required int TemperatureShift { get; init; }
    public required int TintShift { get; init; }
    public required int Vibrance { get; init; }
    public required int Saturation { get; init; }
    public required int Clarity { get; init; }
    public required int Texture { get; init; }
    public required int Dehaze { get; init; }
    public required int Sharpness { get; init; }
    public required int Vignette { get; init; }
    public required bool Grayscale { get; init; }

    public int Temperature => Math.Clamp(AsShotTemperature + TemperatureShift, 2000, 50000);
    public int Tint => Math.Clamp(TintShift, -150, 150);
    /// <summary>Lightroom's incremental temperature runs -100..+100; about 25 K per step around daylight.</summary>
    public int IncrementalTemperature => Math.Clamp((int)Math.Round(TemperatureShift / 25.0), -100, 100);
    public int IncrementalTint => Math.Clamp(TintShift, -100, 100);

    /// <param name="image">What the photo looks like, or null when nothing could be seen (a RAW without preview).</param>
    public static DevelopSettings From(ProfileStyle style, ImageStatistics? image, bool isRaw)
    {
        double autoExposure = 0;
        int autoHighlights = 0, autoShadows = 0, autoTemperature = 0, autoVibrance = 0;
        if (image is not null)
        {
            // Half-way to a mid-tone target, as an auto setting that respects the photographer's intent would do.
            const double targetLuminance = 0.46;
            double mean = Math.Clamp(image.MeanLuminance, 0.02, 0.98);
            autoExposure = Math.Clamp(0.5 * Math.Log2(ToneMath.ToLinear(targetLuminance) / ToneMath.ToLinear(mean)), -1.2, 1.2);
            autoHighlights = -(int)Math.Round(Math.Min(image.HighlightFraction, 0.4) * 150);
            autoShadows = (int)Math.Round(Math.Min(image.ShadowFraction, 0.5) * 80);
            autoTemperature = -(int)Math.Round(image.WarmthBias * 2000 / 50) * 50;
            autoVibrance = (int)Math.Round(Math.Clamp(0.35 - image.MeanSaturation, -0.2, 0.35) * 40);
        }

        return new DevelopSettings
        {
            IsRaw = isRaw,
            Exposure = Math.Round(Math.Clamp(style.Exposure + autoExposure, -5, 5), 2),
            Contrast = Math.Clamp(style.Contrast, -100, 100),
            Highlights = Math.Clamp(style.Highlights + autoHighlights, -100, 100),
            Shadows = Math.Clamp(style.Shadows + autoShadows, -100, 100),
            Whites = Math.Clamp(style.Whites, -100, 100),
            Blacks = Math.Clamp(style.Blacks, -100, 100),
            TemperatureShift = Math.Clamp(style.TemperatureShift + autoTemperature, -3000, 3000),
            TintShift = Math.Clamp(style.TintShift, -150, 150),
            Vibrance = style.Grayscale ? 0 : Math.Clamp(style.Vibrance + autoVibrance, -100, 100),
            Saturation = style.Grayscale ? 0 : Math.Clamp(style.Saturation, -100, 100),
            Clarity = style.Clarity,
            Texture = style.Texture,
            Dehaze = style.Dehaze,
            Sharpness = style.Sharpness,
            Vignette = style.Vignette,
            Grayscale = style.Grayscale,
        };
    }
}
