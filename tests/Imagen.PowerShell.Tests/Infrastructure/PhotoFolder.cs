using System;
using System.IO;
using System.Text;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>A temporary folder of small files whose first bytes are what real photos start with.</summary>
public sealed class PhotoFolder : IDisposable
{
    public PhotoFolder()
    {
        Root = Directory.CreateTempSubdirectory("imagen-ps-photos-").FullName;
    }

    public string Root { get; }

    public string this[string name] => Path.Combine(Root, name);

    /// <summary>A JPEG: start-of-image and JFIF APP0 marker, then filler.</summary>
    public string Jpeg(string name) => Write(name, Concat(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 }, Encoding.ASCII.GetBytes("JFIF\0"), new byte[200]));

    /// <summary>A TIFF-based RAW file (DNG, NEF, ARW...): little-endian TIFF header.</summary>
    public string TiffRaw(string name) => Write(name, Concat(new byte[] { 0x49, 0x49, 0x2A, 0x00, 0x08, 0x00, 0x00, 0x00 }, new byte[200]));

    /// <summary>A Canon CR2: TIFF header with "CR" at offset 8.</summary>
    public string Cr2(string name) => Write(name, Concat(new byte[] { 0x49, 0x49, 0x2A, 0x00, 0x10, 0x00, 0x00, 0x00, 0x43, 0x52, 0x02, 0x00 }, new byte[200]));

    public string Text(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

    public string Empty(string name) => Write(name, Array.Empty<byte>());

    public string Png(string name) => Write(name, Concat(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, new byte[100]));

    public string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Concat(params byte[][] parts)
    {
        using var stream = new MemoryStream();
        foreach (var part in parts)
        {
            stream.Write(part);
        }

        return stream.ToArray();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
