namespace Imagen.Emulator.Samples;

/// <summary>
/// A procedurally drawn photo: a landscape (sky, sun, hills), a portrait (backdrop and a figure) or an interior
/// (walls, window, furniture), with sensor-like noise and its own exposure, so the samples vary the way a real
/// shoot does: some frames dark, some bright, some warm, some cool. Rendered at any size, one row at a time.
/// </summary>
internal sealed class SampleScene
{
    public enum Subject { Landscape, Portrait, Interior }

    private readonly Subject _subject;
    private readonly double _exposure;
    private readonly double _warmth;
    private readonly double _sunX, _sunY, _hillPhase, _hillHeight, _figureX;
    private readonly (double R, double G, double B) _sky, _horizon, _ground, _accent;
    private readonly int _noiseSeed;

    public SampleScene(SampleRandom random)
    {
        _subject = (Subject)random.Next(0, 3);
        // Brightness varies across a shoot: underexposed, normal and bright frames.
        _exposure = random.Next(0, 3) switch { 0 => random.Between(0.35, 0.6), 1 => random.Between(0.85, 1.1), _ => random.Between(1.2, 1.4) };
        _warmth = random.Between(-0.12, 0.15);
        _sunX = random.Between(0.15, 0.85);
        _sunY = random.Between(0.1, 0.35);
        _hillPhase = random.Between(0, Math.PI * 2);
        _hillHeight = random.Between(0.5, 0.7);
        _figureX = random.Between(0.35, 0.65);
        _sky = (random.Between(60, 120), random.Between(120, 170), random.Between(190, 240));
        _horizon = (random.Between(200, 250), random.Between(170, 220), random.Between(140, 200));
        _ground = (random.Between(50, 110), random.Between(90, 150), random.Between(30, 70));
        _accent = (random.Between(90, 230), random.Between(40, 200), random.Between(40, 200));
        _noiseSeed = (int)(random.NextUInt64() & 0x7FFFFFFF);
    }

    public Subject Kind => _subject;

    /// <summary>Fills one row of interleaved 8-bit RGB for an image of the given size.</summary>
    public void RenderRow(Span<byte> rgb, int y, int width, int height)
    {
        double v = (y + 0.5) / height;
        for (int x = 0; x < width; x++)
        {
            double u = (x + 0.5) / width;
            var (r, g, b) = _subject switch
            {
                Subject.Landscape => Landscape(u, v, width / (double)height),
                Subject.Portrait => Portrait(u, v, width / (double)height),
                _ => Interior(u, v),
            };
            double noise = Noise(x, y) * 7;
            rgb[x * 3] = Develop(r * (1 + _warmth) + noise);
            rgb[x * 3 + 1] = Develop(g + noise);
            rgb[x * 3 + 2] = Develop(b * (1 - _warmth) + noise);
        }
    }

    private (double, double, double) Landscape(double u, double v, double aspect)
    {
        double hill = _hillHeight + 0.06 * Math.Sin(u * 7 + _hillPhase) + 0.03 * Math.Sin(u * 19 + _hillPhase * 2);
        if (v > hill)
        {
            double depth = (v - hill) / (1 - hill + 1e-9);
            return Mix(_ground, Scale(_ground, 0.55), depth);
        }
        double dx = (u - _sunX) * aspect, dy = v - _sunY;
        double sun = Math.Exp(-(dx * dx + dy * dy) / 0.004);
        double glow = Math.Exp(-(dx * dx + dy * dy) / 0.03) * 0.25;
        var sky = Mix(_sky, _horizon, Math.Pow(v / hill, 1.6));
        return Add(sky, (255, 240, 200), sun + glow);
    }

    private (double, double, double) Portrait(double u, double v, double aspect)
    {
        var backdrop = Mix(Scale(_accent, 0.5), Scale(_accent, 0.25), Math.Abs(u - 0.5) * 2);
        double dx = (u - _figureX) * aspect;
        double head = dx * dx / 0.012 + (v - 0.35) * (v - 0.35) / 0.022;
        if (head < 1) return Mix((225, 180, 150), (170, 120, 95), Math.Clamp(dx * 4 + 0.5, 0, 1));
        double shoulders = v > 0.52 ? Math.Abs(dx) / (0.12 + (v - 0.52) * 0.9) : 2;
        if (shoulders < 1) return Mix((40, 45, 60), (80, 85, 110), v);
        return backdrop;
    }

    private (double, double, double) Interior(double u, double v)
    {
        if (v > 0.72) return Mix((120, 80, 50), (70, 45, 30), (v - 0.72) / 0.28); // wooden floor
        bool window = u > 0.58 && u < 0.88 && v > 0.15 && v < 0.55;
        if (window) return Math.Abs(u - 0.73) < 0.01 || Math.Abs(v - 0.35) < 0.01 ? (90, 80, 70) : (250, 250, 245);
        bool table = u > 0.12 && u < 0.48 && v > 0.55 && v < 0.72;
        if (table) return Scale(_accent, 0.8);
        double light = 1 - 0.5 * Math.Abs(u - 0.73);
        return Scale((205, 190, 170), light);
    }

    private byte Develop(double value) => (byte)Math.Clamp((int)Math.Round(value * _exposure), 0, 255);

    /// <summary>Hash-based noise in -1..1: the same pixel always gets the same grain, at any render order.</summary>
    private double Noise(int x, int y)
    {
        uint h = unchecked((uint)(x * 374761393 + y * 668265263 + _noiseSeed * 2246822519L));
        h = unchecked((h ^ (h >> 13)) * 1274126177u);
        return ((h ^ (h >> 16)) & 0xFFFF) / 32767.5 - 1;
    }

    private static (double, double, double) Mix((double R, double G, double B) a, (double R, double G, double B) b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return (a.R + (b.R - a.R) * t, a.G + (b.G - a.G) * t, a.B + (b.B - a.B) * t);
    }

    private static (double, double, double) Add((double R, double G, double B) a, (double R, double G, double B) b, double amount) =>
        (a.R + b.R * amount, a.G + b.G * amount, a.B + b.B * amount);

    private static (double, double, double) Scale((double R, double G, double B) a, double factor) =>
        (a.R * factor, a.G * factor, a.B * factor);
}
