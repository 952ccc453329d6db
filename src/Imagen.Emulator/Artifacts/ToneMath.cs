namespace Imagen.Emulator.Artifacts;

/// <summary>sRGB transfer functions: exposure is a multiplication of light, so it is applied in linear space.</summary>
internal static class ToneMath
{
    public static double ToLinear(double srgb) =>
        srgb <= 0.04045 ? srgb / 12.92 : Math.Pow((srgb + 0.055) / 1.055, 2.4);

    public static double ToSrgb(double linear) =>
        linear <= 0.0031308 ? linear * 12.92 : 1.055 * Math.Pow(linear, 1 / 2.4) - 0.055;
}
