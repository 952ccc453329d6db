namespace Imagen.Core.Tests.Support;

/// <summary>Realistic leading bytes of each format, padded with binary filler.</summary>
public static class FileSamples
{
    public static byte[] Jpeg => Pad(0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00);

    public static byte[] TiffLittleEndian => Pad(0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00);

    public static byte[] TiffBigEndian => Pad(0x4D, 0x4D, 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08);

    public static byte[] Cr2 => Pad(0x49, 0x49, 0x2A, 0x00, 0x10, 0x00, 0x00, 0x00, 0x43, 0x52, 0x02, 0x00);

    public static byte[] Orf => Pad(0x49, 0x49, 0x52, 0x4F, 0x08, 0x00, 0x00, 0x00);

    public static byte[] Rw2 => Pad(0x49, 0x49, 0x55, 0x00, 0x18, 0x00, 0x00, 0x00);

    public static byte[] Cr3 => Pad(0x00, 0x00, 0x00, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'c', (byte)'r', (byte)'x', (byte)' ', 0x00, 0x00, 0x00, 0x01);

    public static byte[] Raf => Pad(System.Text.Encoding.ASCII.GetBytes("FUJIFILMCCD-RAW 0201FF383501"));

    public static byte[] Png => Pad(0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A);

    public static byte[] Text => System.Text.Encoding.UTF8.GetBytes("Hello, this is a shopping list and not a photo.\nMilk\nEggs\n");

    /// <summary>The signature followed by deterministic non-text bytes (with NULs), as real image data has.</summary>
    public static byte[] Pad(params byte[] signature)
    {
        var data = new byte[4096];
        signature.CopyTo(data, 0);
        var random = new Random(42);
        for (var i = signature.Length; i < data.Length; i++)
        {
            data[i] = (byte)random.Next(0, 256);
        }

        return data;
    }
}
