namespace Imagen.Emulator.Artifacts;

/// <summary>
/// The "look" of one editing profile: the develop adjustments a trained profile tends to make, in Lightroom's own
/// units. The emulator derives it deterministically from the profile, so every seeded profile edits differently and
/// the same profile always edits the same way. The image itself then nudges these values (see <see cref="DevelopSettings"/>).
/// </summary>
public sealed record ProfileStyle
{
    public required int ProfileKey { get; init; }
    public required string ProfileName { get; init; }

    /// <summary>Exposure in stops (crs:Exposure2012, -5..+5).</summary>
    public double Exposure { get; init; }
    public int Contrast { get; init; }
    public int Highlights { get; init; }
    public int Shadows { get; init; }
    public int Whites { get; init; }
    public int Blacks { get; init; }
    /// <summary>White balance shift in Kelvin relative to the camera's as-shot value (positive is warmer).</summary>
    public int TemperatureShift { get; init; }
    /// <summary>Tint shift relative to as-shot (positive is magenta).</summary>
    public int TintShift { get; init; }
    public int Vibrance { get; init; }
    public int Saturation { get; init; }
    public int Clarity { get; init; }
    public int Texture { get; init; }
    public int Dehaze { get; init; }
    public int Sharpness { get; init; }
    /// <summary>Post-crop vignette amount (negative darkens the corners).</summary>
    public int Vignette { get; init; }
    public bool Grayscale { get; init; }

    /// <summary>
    /// The style of a profile: a stable pseudo-random base drawn from the key, shaped by words a photographer would
    /// put in a profile's name ("bright", "moody", "warm", "B&amp;W"...).
    /// </summary>
    public static ProfileStyle For(int profileKey, string profileName)
    {
        ArgumentNullException.ThrowIfNull(profileName);
        var draw = new StableDraw(profileKey);
        var style = new ProfileStyle
        {
            ProfileKey = profileKey,
            ProfileName = profileName,
            Exposure = Math.Round(draw.Between(-0.45, 0.6), 2),
            Contrast = draw.Int(-15, 30),
            Highlights = draw.Int(-60, -5),
            Shadows = draw.Int(5, 45),
            Whites = draw.Int(-20, 25),
            Blacks = draw.Int(-25, 10),
            TemperatureShift = draw.Int(-450, 650) / 10 * 10,
            TintShift = draw.Int(-8, 12),
            Vibrance = draw.Int(-5, 30),
            Saturation = draw.Int(-15, 12),
            Clarity = draw.Int(-10, 30),
            Texture = draw.Int(-5, 25),
            Dehaze = draw.Int(0, 12),
            Sharpness = draw.Int(25, 60),
            Vignette = draw.Int(-25, 0),
        };
        return ShapeByName(style, profileName.ToUpperInvariant());
    }

    private static ProfileStyle ShapeByName(ProfileStyle style, string name)
    {
        bool Has(params string[] words) => words.Any(name.Contains);

        if (Has("BRIGHT", "AIRY", "LIGHT"))
            style = style with { Exposure = Math.Max(style.Exposure, 0) + 0.45, Shadows = style.Shadows + 15, Contrast = style.Contrast - 10 };
        if (Has("MOODY", "DARK", "DRAMATIC", "CINEMATIC"))
            style = style with { Exposure = Math.Min(style.Exposure, 0) - 0.35, Contrast = style.Contrast + 20, Saturation = style.Saturation - 15, Blacks = style.Blacks - 15 };
        if (Has("WARM", "GOLDEN", "SUNSET"))
            style = style with { TemperatureShift = Math.Max(style.TemperatureShift, 0) + 500 };
        if (Has("COOL", "COLD", "WINTER"))
            style = style with { TemperatureShift = Math.Min(style.TemperatureShift, 0) - 500 };
        if (Has("CLEAN", "CRISP"))
            style = style with { Clarity = style.Clarity + 15, Texture = style.Texture + 10, Dehaze = style.Dehaze + 5, Contrast = style.Contrast + 10 };
        if (Has("VIBRANT", "VIVID", "POP"))
            style = style with { Vibrance = style.Vibrance + 25, Saturation = style.Saturation + 10 };
        if (Has("PORTRAIT", "SKIN", "SOFT"))
            style = style with { Clarity = style.Clarity - 15, Texture = style.Texture - 10 };
        if (Has("B&W", "B & W", "BLACK AND WHITE", "BLACK & WHITE", "MONO", "NOIR"))
            style = style with { Grayscale = true, Vibrance = 0, Saturation = 0, Contrast = style.Contrast + 15 };

        return style.Clamped();
    }

    private ProfileStyle Clamped() => this with
    {
        Exposure = Math.Clamp(Exposure, -5, 5),
        Contrast = Math.Clamp(Contrast, -100, 100),
        Highlights = Math.Clamp(Highlights, -100, 100),
        Shadows = Math.Clamp(Shadows, -100, 100),
        Whites = Math.Clamp(Whites, -100, 100),
        Blacks = Math.Clamp(Blacks, -100, 100),
        TintShift = Math.Clamp(TintShift, -150, 150),
        Vibrance = Math.Clamp(Vibrance, -100, 100),
        Saturation = Math.Clamp(Saturation, -100, 100),
        Clarity = Math.Clamp(Clarity, -100, 100),
        Texture = Math.Clamp(Texture, -100, 100),
        Dehaze = Math.Clamp(Dehaze, -100, 100),
        Sharpness = Math.Clamp(Sharpness, 0, 150),
        Vignette = Math.Clamp(Vignette, -100, 100),
    };

    /// <summary>SplitMix64 over the key: stable across runtimes, unlike string hash codes or System.Random's future.</summary>
    private sealed class StableDraw(int seed)
    {
        private ulong _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 0x5700UL);

        public double Next()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / (1UL << 53));
        }

        public double Between(double min, double max) => min + (max - min) * Next();

        public int Int(int min, int maxInclusive) => min + (int)Math.Floor(Next() * (maxInclusive - min + 1));
    }
}
