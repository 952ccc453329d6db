using System.Buffers.Binary;

namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Writes a little-endian classic TIFF front to back: image data first, then each directory once the offsets it
/// points at are known, and finally the header's pointer to IFD0. Everything is kept on word boundaries as TIFF asks.
/// </summary>
internal sealed class TiffWriter
{
    private readonly Stream _output;

    /// <param name="headerExtra">Bytes that follow the 8-byte header, e.g. CR2's "CR", version and RAW IFD pointer.</param>
    public TiffWriter(Stream output, ReadOnlySpan<byte> headerExtra = default)
    {
        if (!output.CanSeek) throw new ArgumentException("The TIFF writer needs a seekable stream.", nameof(output));
        _output = output;
        _output.Write("II*\0"u8);
        _output.Write(stackalloc byte[4]); // IFD0 offset, patched by SetFirstDirectory
        _output.Write(headerExtra);
    }

    /// <summary>Writes a block of data (a strip, a preview) and returns its offset.</summary>
    public uint WriteData(ReadOnlySpan<byte> data)
    {
        uint offset = Align();
        _output.Write(data);
        return offset;
    }

    /// <summary>Writes a directory (its out-of-line values first) and returns the directory's offset.</summary>
    public uint WriteDirectory(TiffDirectoryBuilder directory, uint nextDirectoryOffset = 0)
    {
        var fields = new List<(ushort Tag, TiffType Type, uint Count, byte[] Field)>();
        foreach (var (tag, type, count, value) in directory.Entries)
        {
            var field = new byte[4];
            if (value.Length <= 4) value.CopyTo(field, 0);
            else BinaryPrimitives.WriteUInt32LittleEndian(field, WriteData(value));
            fields.Add((tag, type, count, field));
        }

        uint offset = Align();
        Span<byte> entry = stackalloc byte[12];
        WriteUInt16((ushort)fields.Count);
        foreach (var (tag, type, count, field) in fields)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(entry, tag);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[2..], (ushort)type);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[4..], count);
            field.CopyTo(entry[8..]);
            _output.Write(entry);
        }
        WriteUInt32(nextDirectoryOffset);
        return offset;
    }

    public void SetFirstDirectory(uint offset) => PatchUInt32(4, offset);

    public void PatchUInt32(long position, uint value)
    {
        long end = _output.Position;
        _output.Position = position;
        WriteUInt32(value);
        _output.Position = end;
    }

    private uint Align()
    {
        if (_output.Position % 2 != 0) _output.WriteByte(0);
        if (_output.Position > uint.MaxValue) throw new InvalidOperationException("A classic TIFF cannot exceed 4 GiB.");
        return (uint)_output.Position;
    }

    private void WriteUInt16(ushort value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _output.Write(bytes);
    }

    private void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _output.Write(bytes);
    }
}
