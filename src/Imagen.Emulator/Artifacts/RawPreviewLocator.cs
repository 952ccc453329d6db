namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Finds the largest decodable JPEG preview inside a RAW file. TIFF-based RAWs (DNG, CR2, NEF, ARW, PEF...) are
/// walked properly: every IFD, SubIFD and EXIF IFD, looking at JPEGInterchangeFormat/Length pairs and at single
/// JPEG-compressed strips (lossless raw data is skipped). Other containers (CR3, RAF, ORF, RW2...) are searched for
/// JPEG start markers near the front of the file, where cameras put their previews.
/// </summary>
internal static class RawPreviewLocator
{
    private const int ScanWindow = 16 * 1024 * 1024;
    private const int MaxScanCandidates = 64;

    public static EmbeddedPreview? Find(Stream raw)
    {
        Span<byte> header = stackalloc byte[8];
        raw.Position = 0;
        int read = raw.ReadAtLeast(header, 8, throwOnEndOfStream: false);
        return TiffReader.LooksLikeTiff(header[..read]) ? FindInTiff(raw) : FindByScanning(raw);
    }

    private static EmbeddedPreview? FindInTiff(Stream raw)
    {
        var reader = new TiffReader(raw);
        IReadOnlyList<TiffDirectory> directories;
        try
        {
            directories = reader.ReadAllDirectories();
        }
        catch (InvalidDataException)
        {
            return FindByScanning(raw);
        }

        EmbeddedPreview? best = null;
        foreach (var directory in directories)
        {
            foreach (var (offset, length) in JpegCandidates(reader, directory))
            {
                if (offset <= 0 || length <= 0 || length > TiffReader.MaxValueBytes || offset + length > raw.Length) continue;
                var candidate = reader.ReadRange(offset, (int)length);
                if (!JpegCodec.IsDecodableJpeg(candidate)) continue;
                if (JpegCodec.TryReadSize(new MemoryStream(candidate, writable: false)) is not { } size) continue;
                if (best is null || (long)size.Width * size.Height > (long)best.Width * best.Height)
                    best = new EmbeddedPreview(offset, length, size.Width, size.Height, directory.Name);
            }
        }
        return best;
    }

    private static IEnumerable<(long Offset, long Length)> JpegCandidates(TiffReader reader, TiffDirectory directory)
    {
        if (reader.ReadUInt32(directory, TiffTag.JpegInterchangeFormat) is { } start
            && reader.ReadUInt32(directory, TiffTag.JpegInterchangeFormatLength) is { } length)
            yield return (start, length);

        // Compression 6 (old JPEG, as CR2's IFD0) or 7 (JPEG, as DNG previews) in a single strip.
        if (reader.ReadUInt32(directory, TiffTag.Compression) is 6 or 7
            && directory.Find(TiffTag.StripOffsets) is { Count: 1 } offsets
            && directory.Find(TiffTag.StripByteCounts) is { Count: 1 } counts)
            yield return (reader.ReadUInt32Values(offsets)[0], reader.ReadUInt32Values(counts)[0]);
    }

    private static EmbeddedPreview? FindByScanning(Stream raw)
    {
        int windowLength = (int)Math.Min(raw.Length, ScanWindow);
        var window = new byte[windowLength];
        raw.Position = 0;
        raw.ReadExactly(window);

        EmbeddedPreview? best = null;
        int candidates = 0;
        for (int i = 0; i + 3 < window.Length && candidates < MaxScanCandidates; i++)
        {
            if (window[i] != 0xFF || window[i + 1] != 0xD8 || window[i + 2] != 0xFF) continue;
            candidates++;
            if (!JpegCodec.IsDecodableJpeg(window.AsSpan(i))) continue;
            if (JpegCodec.TryReadSize(new MemoryStream(window, i, window.Length - i, writable: false)) is not { } size) continue;
            long end = FindEndOfImage(window, i);
            if (end < 0) end = raw.Length;
            if (best is null || (long)size.Width * size.Height > (long)best.Width * best.Height)
                best = new EmbeddedPreview(i, end - i, size.Width, size.Height, $"scan@{i}");
        }
        return best;
    }

    /// <summary>
    /// The end of the JPEG that starts at <paramref name="start"/>: past the last EOI before the next SOI candidate
    /// (a preview may hold a thumbnail of its own, so the first EOI is not necessarily the right one).
    /// </summary>
    private static long FindEndOfImage(byte[] window, int start)
    {
        long end = -1;
        for (int i = start + 2; i + 1 < window.Length; i++)
        {
            if (window[i] != 0xFF) continue;
            if (window[i + 1] == 0xD9) end = i + 2;
            else if (window[i + 1] == 0xD8 && end > 0 && i + 2 < window.Length && window[i + 2] == 0xFF) break;
        }
        return end;
    }
}
