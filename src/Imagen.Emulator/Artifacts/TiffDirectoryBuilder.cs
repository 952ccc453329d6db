using System.Buffers.Binary;
using System.Text;

namespace Imagen.Emulator.Artifacts;

/// <summary>The entries of one IFD about to be written by <see cref="TiffWriter"/>, values already in little-endian bytes.</summary>
internal sealed class TiffDirectoryBuilder
{
    private readonly SortedDictionary<ushort, (TiffType Type, uint Count, byte[] Value)> _entries = new();

    public int Count => _entries.Count;

    public IEnumerable<(ushort Tag, TiffType Type, uint Count, byte[] Value)> Entries =>
        _entries.Select(e => (e.Key, e.Value.Type, e.Value.Count, e.Value.Value));

    public TiffDirectoryBuilder Add(ushort tag, TiffType type, uint count, byte[] value)
    {
        if (value.Length != count * type.ValueSize())
            throw new ArgumentException($"Tag {tag}: {value.Length} bytes do not hold {count} values of type {type}.");
        _entries[tag] = (type, count, value);
        return this;
    }

    public TiffDirectoryBuilder Ascii(ushort tag, string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text + "\0");
        return Add(tag, TiffType.Ascii, (uint)bytes.Length, bytes);
    }

    public TiffDirectoryBuilder Bytes(ushort tag, TiffType type, byte[] bytes) => Add(tag, type, (uint)bytes.Length, bytes);

    public TiffDirectoryBuilder Short(ushort tag, params ushort[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        return Add(tag, TiffType.Short, (uint)values.Length, bytes);
    }

    public TiffDirectoryBuilder Long(ushort tag, params uint[] values) => Longs(tag, TiffType.Long, values);

    /// <summary>Offsets of child IFDs (SubIFDs, EXIF IFD), written as LONG like most cameras do.</summary>
    public TiffDirectoryBuilder Pointers(ushort tag, params uint[] offsets) => Longs(tag, TiffType.Long, offsets);

    public TiffDirectoryBuilder Rational(ushort tag, params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8), values[i].Numerator);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 8 + 4), values[i].Denominator);
        }
        return Add(tag, TiffType.Rational, (uint)values.Length, bytes);
    }

    public TiffDirectoryBuilder SRational(ushort tag, params (int Numerator, int Denominator)[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 8), values[i].Numerator);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 8 + 4), values[i].Denominator);
        }
        return Add(tag, TiffType.SRational, (uint)values.Length, bytes);
    }

    private TiffDirectoryBuilder Longs(ushort tag, TiffType type, uint[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return Add(tag, type, (uint)values.Length, bytes);
    }
}
