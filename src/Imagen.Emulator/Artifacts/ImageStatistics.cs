namespace Imagen.Emulator.Artifacts;

/// <summary>What the emulator "sees" in a photo: enough to make the develop settings depend on the image.</summary>
/// <param name="MeanLuminance">Mean Rec.709 luma of the sRGB values, 0..1.</param>
/// <param name="ShadowFraction">Share of pixels darker than 10%.</param>
/// <param name="HighlightFraction">Share of pixels brighter than 95% (close to clipping).</param>
/// <param name="WarmthBias">(mean red - mean blue), -1..1: positive for a warm (orange) cast.</param>
/// <param name="MeanSaturation">Mean HSV saturation, 0..1.</param>
internal sealed record ImageStatistics(
    int Width,
    int Height,
    double MeanLuminance,
    double ShadowFraction,
    double HighlightFraction,
    double WarmthBias,
    double MeanSaturation)
{
    /// <summary>Collects the statistics row by row from interleaved 8-bit RGB.</summary>
    internal sealed class Accumulator
    {
        private long _pixels;
        private double _luminance, _red, _blue, _saturation;
        private long _shadows, _highlights;

        public void AddRgbRow(ReadOnlySpan<byte> rgb)
        {
            for (int i = 0; i + 2 < rgb.Length; i += 3)
            {
                int r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
                double y = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255.0;
                int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
                _luminance += y;
                _red += r;
                _blue += b;
                _saturation += max == 0 ? 0 : (max - min) / (double)max;
                if (y < 0.10) _shadows++;
                if (y > 0.95) _highlights++;
                _pixels++;
            }
        }

        public ImageStatistics ToStatistics(int width, int height)
        {
            if (_pixels == 0) throw new InvalidOperationException("No pixels were measured.");
            return new ImageStatistics(
                width,
                height,
                _luminance / _pixels,
                _shadows / (double)_pixels,
                _highlights / (double)_pixels,
                (_red - _blue) / (255.0 * _pixels),
                _saturation / _pixels);
        }
    }
}
