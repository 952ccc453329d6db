using System.Buffers.Binary;
using System.Text;

namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Reads the structure of a classic TIFF file (and the TIFF-based RAW formats: DNG, CR2, NEF, ARW, ...): header,
/// IFD chains, SubIFDs and the EXIF IFD. It reads only what it is asked for, seeking in the stream, so large RAW files
/// are never loaded whole.
/// </summary>
internal sealed class TiffReader
{
    private const int MaxDirectories = 64;
    private const int MaxEntriesPerDirectory = 4096;

    /// <summary>No tag value or embedded image in a real photo comes near this; a larger declared length is a damaged
    /// or crafted file, and trusting it would let one upload make the emulator allocate gigabytes.</summary>
    public const int MaxValueBytes = 64 * 1024 * 1024;

    private readonly Stream _stream;

    public TiffReader(Stream stream)
    {
        if (!stream.CanSeek) throw new ArgumentException("The TIFF reader needs a seekable stream.", nameof(stream));
        _stream = stream;
        Span<byte> header = stackalloc byte[8];
        _stream.Position = 0;
        if (_stream.ReadAtLeast(header, 8, throwOnEndOfStream: false) < 8 || !TryReadHeader(header, out bool bigEndian, out uint firstIfd))
            throw new InvalidDataException("The file does not start with a classic TIFF header ('II*\\0' or 'MM\\0*').");
        IsBigEndian = bigEndian;
        FirstIfdOffset = firstIfd;
    }

    public bool IsBigEndian { get; }

    public uint FirstIfdOffset { get; }

    public long Length => _stream.Length;

    /// <summary>True when the first bytes are a classic (not Big) TIFF header in either byte order.</summary>
    public static bool LooksLikeTiff(ReadOnlySpan<byte> header) => TryReadHeader(header, out _, out _);

    private static bool TryReadHeader(ReadOnlySpan<byte> header, out bool bigEndian, out uint firstIfd)
    {
        bigEndian = false;
        firstIfd = 0;
        if (header.Length < 8) return false;
        if (header[0] == (byte)'I' && header[1] == (byte)'I' && header[2] == 42 && header[3] == 0)
        {
            firstIfd = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            return true;
        }
        if (header[0] == (byte)'M' && header[1] == (byte)'M' && header[2] == 0 && header[3] == 42)
        {
            bigEndian = true;
            firstIfd = BinaryPrimitives.ReadUInt32BigEndian(header[4..]);
            return true;
        }
        return false;
    }

    public ushort ToUInt16(ReadOnlySpan<byte> bytes) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    public uint ToUInt32(ReadOnlySpan<byte> bytes) =>
        IsBigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    public TiffDirectory ReadDirectory(long offset, string name)
    {
        if (offset < 8 || offset + 2 > _stream.Length)
            throw new InvalidDataException($"TIFF directory {name} points outside the file (offset {offset}).");
        _stream.Position = offset;
        Span<byte> two = stackalloc byte[2];
        _stream.ReadExactly(two);
        int count = ToUInt16(two);
        if (count == 0 || count > MaxEntriesPerDirectory || offset + 2 + count * 12L + 4 > _stream.Length)
            throw new InvalidDataException($"TIFF directory {name} at offset {offset} has an impossible entry count ({count}).");

        var raw = new byte[count * 12 + 4];
        _stream.ReadExactly(raw);
        var entries = new List<TiffEntry>(count);
        for (int i = 0; i < count; i++)
        {
            var bytes = raw.AsSpan(i * 12, 12);
            entries.Add(new TiffEntry(
                ToUInt16(bytes),
                (TiffType)ToUInt16(bytes[2..]),
                ToUInt32(bytes[4..]),
                ToUInt32(bytes[8..]),
                bytes.ToArray()));
        }
        return new TiffDirectory(name, offset, entries, ToUInt32(raw.AsSpan(count * 12)));
    }

    /// <summary>
    /// Every directory reachable from the header: the main chain (IFD0, IFD1, ...), their SubIFDs and EXIF IFDs.
    /// Loops and absurd structures are cut off rather than followed.
    /// </summary>
    public IReadOnlyList<TiffDirectory> ReadAllDirectories()
    {
        var found = new List<TiffDirectory>();
        var visited = new HashSet<long>();
        var pending = new Queue<(long Offset, string Name)>();
        pending.Enqueue((FirstIfdOffset, "IFD0"));
        while (pending.Count > 0 && found.Count < MaxDirectories)
        {
            var (offset, name) = pending.Dequeue();
            if (offset == 0 || !visited.Add(offset)) continue;
            TiffDirectory directory;
            try
            {
                directory = ReadDirectory(offset, name);
            }
            catch (InvalidDataException) when (found.Count > 0)
            {
                continue; // a damaged secondary directory does not hide the ones we could read
            }
            found.Add(directory);

            if (name.StartsWith("IFD", StringComparison.Ordinal) && directory.NextOffset != 0)
                pending.Enqueue((directory.NextOffset, $"IFD{int.Parse(name.AsSpan(3)) + 1}"));
            if (directory.Find(TiffTag.SubIfds) is { } subIfds)
            {
                var offsets = ReadUInt32Values(subIfds);
                for (int i = 0; i < offsets.Length; i++) pending.Enqueue((offsets[i], $"{name}.SubIFD{i}"));
            }
            if (directory.Find(TiffTag.ExifIfd) is { } exif)
                pending.Enqueue((ReadUInt32Values(exif).FirstOrDefault(), $"{name}.Exif"));
        }
        return found;
    }

    /// <summary>The raw value bytes of an entry (inline or at its offset), in file byte order.</summary>
    public byte[] ReadValueBytes(TiffEntry entry)
    {
        if (entry.IsInline) return entry.RawEntry.AsSpan(8, (int)entry.ByteLength).ToArray();
        if (entry.ByteLength > int.MaxValue || entry.ValueOffset + entry.ByteLength > _stream.Length)
            throw new InvalidDataException($"TIFF tag {entry.Tag} in {NameOf(_stream)} points outside the file.");
        return ReadRange(entry.ValueOffset, (int)entry.ByteLength);
    }

    /// <summary>Numeric values of a BYTE, SHORT, LONG or IFD entry, widened to uint.</summary>
    public uint[] ReadUInt32Values(TiffEntry entry)
    {
        var bytes = ReadValueBytes(entry);
        int size = entry.Type.ValueSize();
        var values = new uint[entry.Count];
        for (int i = 0; i < values.Length; i++)
        {
            var slice = bytes.AsSpan(i * size, size);
            values[i] = size switch
            {
                1 => slice[0],
                2 => ToUInt16(slice),
                _ => ToUInt32(slice),
            };
        }
        return values;
    }

    public uint? ReadUInt32(TiffDirectory directory, ushort tag) =>
        directory.Find(tag) is { } entry && entry.Count > 0 ? ReadUInt32Values(entry)[0] : null;

    public string? ReadAscii(TiffDirectory directory, ushort tag) =>
        directory.Find(tag) is { Type: TiffType.Ascii } entry
            ? Encoding.ASCII.GetString(ReadValueBytes(entry)).TrimEnd('\0', ' ')
            : null;

    public byte[] ReadRange(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > _stream.Length)
            throw new InvalidDataException($"A TIFF offset in {NameOf(_stream)} points outside the file (offset {offset}, length {length}).");
        if (length > MaxValueBytes)
            throw new InvalidDataException($"{NameOf(_stream)} declares a {length}-byte TIFF value; no real photo has one over {MaxValueBytes / (1024 * 1024)} MiB.");
        var buffer = new byte[length];
        _stream.Position = offset;
        _stream.ReadExactly(buffer);
        return buffer;
    }

    /// <summary>The file's name for messages (the reader may also be handed an in-memory copy).</summary>
    public static string NameOf(Stream stream) => stream is FileStream file ? $"'{Path.GetFileName(file.Name)}'" : "the file";
}
