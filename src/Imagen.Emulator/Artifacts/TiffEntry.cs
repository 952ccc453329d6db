namespace Imagen.Emulator.Artifacts;

/// <summary>
/// One 12-byte IFD entry as it sits in the file. <see cref="RawEntry"/> keeps the original bytes so an entry can be
/// copied verbatim into a rewritten directory (its offsets stay valid because the data it points at never moves).
/// </summary>
internal sealed record TiffEntry(ushort Tag, TiffType Type, uint Count, uint ValueOffset, byte[] RawEntry)
{
    public long ByteLength => (long)Count * Type.ValueSize();

    /// <summary>Values of four bytes or fewer live in the entry itself rather than at an offset.</summary>
    public bool IsInline => ByteLength <= 4;
}

/// <summary>One image file directory: its position, entries (in file order) and the offset of the next IFD in its chain.</summary>
internal sealed record TiffDirectory(string Name, long Offset, IReadOnlyList<TiffEntry> Entries, uint NextOffset)
{
    public TiffEntry? Find(ushort tag) => Entries.FirstOrDefault(e => e.Tag == tag);
}
