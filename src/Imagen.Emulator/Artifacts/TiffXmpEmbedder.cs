using System.Buffers.Binary;

namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Adds the XMP tag (700) to IFD0 of a TIFF-based file (DNG) without moving a single existing byte: the original is
/// copied as-is, the packet and a new IFD0 (the old entries plus tag 700, in tag order, same next-IFD link) are
/// appended, and the header is pointed at the new IFD0. Every offset in the file, maker notes included, stays valid.
/// </summary>
internal static class TiffXmpEmbedder
{
    public static void Embed(Stream input, Stream output, byte[] xmpPacket)
    {
        var reader = new TiffReader(input);
        var ifd0 = reader.ReadDirectory(reader.FirstIfdOffset, "IFD0");

        input.Position = 0;
        input.CopyTo(output);

        AlignToWord(output);
        long xmpOffset = output.Position;
        output.Write(xmpPacket);
        AlignToWord(output);
        long ifdOffset = output.Position;
        if (ifdOffset + 2 + (ifd0.Entries.Count + 1) * 12 + 4 > uint.MaxValue)
            throw new InvalidDataException("The file is too large for a classic TIFF once the XMP is added (over 4 GiB).");

        var entries = ifd0.Entries
            .Where(e => e.Tag != TiffTag.Xmp)
            .Append(XmpEntry(reader, (uint)xmpOffset, (uint)xmpPacket.Length))
            .OrderBy(e => e.Tag)
            .ToList();

        var directory = new byte[2 + entries.Count * 12 + 4];
        WriteUInt16(reader, directory, (ushort)entries.Count);
        for (int i = 0; i < entries.Count; i++)
            entries[i].RawEntry.CopyTo(directory, 2 + i * 12);
        WriteUInt32(reader, directory.AsSpan(2 + entries.Count * 12), ifd0.NextOffset);
        output.Write(directory);

        var pointer = new byte[4];
        WriteUInt32(reader, pointer, (uint)ifdOffset);
        output.Position = 4;
        output.Write(pointer);
        output.Seek(0, SeekOrigin.End);
    }

    private static TiffEntry XmpEntry(TiffReader reader, uint offset, uint length)
    {
        var raw = new byte[12];
        WriteUInt16(reader, raw, TiffTag.Xmp);
        WriteUInt16(reader, raw.AsSpan(2), (ushort)TiffType.Byte);
        WriteUInt32(reader, raw.AsSpan(4), length);
        WriteUInt32(reader, raw.AsSpan(8), offset);
        return new TiffEntry(TiffTag.Xmp, TiffType.Byte, length, offset, raw);
    }

    private static void AlignToWord(Stream output)
    {
        if (output.Position % 2 != 0) output.WriteByte(0);
    }

    private static void WriteUInt16(TiffReader fileOrder, Span<byte> target, ushort value)
    {
        if (fileOrder.IsBigEndian) BinaryPrimitives.WriteUInt16BigEndian(target, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(target, value);
    }

    private static void WriteUInt32(TiffReader fileOrder, Span<byte> target, uint value)
    {
        if (fileOrder.IsBigEndian) BinaryPrimitives.WriteUInt32BigEndian(target, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(target, value);
    }
}
