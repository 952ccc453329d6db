namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Applies develop settings to 8-bit sRGB pixels, scanline by scanline: white balance and exposure in linear light
/// with a soft highlight roll-off, then blacks/whites, shadows/highlights and contrast as tone curves, then
/// saturation and vibrance around luma, then the vignette. The global adjustments are rendered; the local ones
/// (clarity, texture, sharpening) are only recorded in the XMP, as a preview renderer would leave them.
/// </summary>
internal sealed class DevelopRenderer
{
    private readonly byte[][] _channelCurves = new byte[3][];
    private readonly double _saturation;
    private readonly double _vibrance;
    private readonly double _vignette;
    private readonly int _width;
    private readonly int _height;

    public DevelopRenderer(DevelopSettings settings, int width, int height)
    {
        _width = width;
        _height = height;
        // Roughly 9% more red and less blue per 1000 K, green carries the tint.
        double warmth = settings.TemperatureShift / 1000.0 * 0.09;
        double[] gains = [1 + warmth, 1 - settings.TintShift * 0.002, 1 - warmth];
        for (int channel = 0; channel < 3; channel++)
            _channelCurves[channel] = BuildCurve(settings, gains[channel]);

        _saturation = settings.Grayscale ? 0 : 1 + settings.Saturation / 100.0 + settings.Dehaze / 200.0;
        _vibrance = settings.Grayscale ? 0 : settings.Vibrance / 100.0;
        _vignette = settings.Vignette / 100.0 * 0.6;
    }

    public void Apply(Span<byte> rgb, int y)
    {
        double dy = _height > 1 ? (y - (_height - 1) / 2.0) / ((_height - 1) / 2.0) : 0;
        for (int x = 0, i = 0; x < _width && i + 2 < rgb.Length; x++, i += 3)
        {
            double r = _channelCurves[0][rgb[i]], g = _channelCurves[1][rgb[i + 1]], b = _channelCurves[2][rgb[i + 2]];

            double luma = 0.2126 * r + 0.7152 * g + 0.0722 * b;
            double chroma = (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b))) / 255.0;
            // Vibrance favours the muted colours; saturation treats all alike.
            double colour = _saturation * (1 + _vibrance * (1 - chroma));
            r = luma + (r - luma) * colour;
            g = luma + (g - luma) * colour;
            b = luma + (b - luma) * colour;

            if (_vignette != 0)
            {
                double dx = _width > 1 ? (x - (_width - 1) / 2.0) / ((_width - 1) / 2.0) : 0;
                double factor = 1 + _vignette * (dx * dx + dy * dy) / 2;
                r *= factor;
                g *= factor;
                b *= factor;
            }

            rgb[i] = ToByte(r);
            rgb[i + 1] = ToByte(g);
            rgb[i + 2] = ToByte(b);
        }
    }

    private static byte[] BuildCurve(DevelopSettings s, double gain)
    {
        double exposure = Math.Pow(2, s.Exposure) * gain;
        double blackPoint = -s.Blacks / 100.0 * 0.08;
        double whitePoint = 1 - s.Whites / 100.0 * 0.08;
        double contrast = Math.Clamp((s.Contrast + s.Dehaze * 0.5) / 100.0, -1, 1);
        var curve = new byte[256];
        for (int value = 0; value < 256; value++)
        {
            double light = ToneMath.ToLinear(value / 255.0) * exposure;
            double v = ToneMath.ToSrgb(RollOff(light));
            v = Math.Clamp((v - blackPoint) / (whitePoint - blackPoint), 0, 1);
            v += s.Shadows / 100.0 * 0.35 * 4 * v * (1 - v) * (1 - v);
            v += s.Highlights / 100.0 * 0.35 * 4 * v * v * (1 - v);
            v = Math.Clamp(v, 0, 1);
            v += contrast * 0.8 * (v - 0.5) * (1 - Math.Abs(2 * v - 1));
            curve[value] = ToByte(v * 255);
        }
        return curve;
    }

    /// <summary>Compresses light above 80% smoothly towards white instead of clipping it.</summary>
    private static double RollOff(double light) =>
        light <= 0.8 ? light : 0.8 + 0.2 * (1 - Math.Exp(-(light - 0.8) / 0.2));

    private static byte ToByte(double value) => (byte)Math.Clamp((int)Math.Round(value), 0, 255);
}
