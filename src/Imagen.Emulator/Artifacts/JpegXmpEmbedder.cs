namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Puts an XMP packet into a JPEG as the standard APP1 segment, leaving the compressed image data untouched. The
/// segment goes right after SOI, or after the JFIF APP0 / EXIF APP1 when the file starts with them (JFIF wants its
/// APP0 first). Any XMP already in the file is replaced, not duplicated.
/// </summary>
internal static class JpegXmpEmbedder
{
    /// <summary>The namespace-and-NUL header that marks an APP1 segment as XMP (XMP spec part 3, §1.1.3).</summary>
    public static ReadOnlySpan<byte> XmpHeader => "http://ns.adobe.com/xap/1.0/\0"u8;

    private const byte Soi = 0xD8, Sos = 0xDA, App0 = 0xE0, App1 = 0xE1, App15 = 0xEF, Comment = 0xFE;

    public static void Embed(Stream input, Stream output, byte[] xmpPacket)
    {
        int segmentLength = 2 + XmpHeader.Length + xmpPacket.Length;
        if (segmentLength > ushort.MaxValue)
            throw new ArgumentException($"The XMP packet ({xmpPacket.Length} bytes) does not fit in one JPEG APP1 segment.");

        if (input.ReadByte() != 0xFF || input.ReadByte() != Soi)
            throw new InvalidDataException("The file does not start with a JPEG SOI marker (FF D8).");
        output.Write([0xFF, Soi]);

        bool inserted = false;
        while (true)
        {
            byte marker = ReadMarker(input);
            if (marker == Sos)
            {
                if (!inserted) WriteXmpSegment(output, xmpPacket, segmentLength);
                output.Write([0xFF, Sos]);
                input.CopyTo(output); // scan header and entropy-coded data, byte for byte
                return;
            }

            var payload = ReadSegmentPayload(input, marker);
            bool isJfif = marker == App0 && payload.AsSpan().StartsWith("JFIF\0"u8);
            bool isExif = marker == App1 && payload.AsSpan().StartsWith("Exif\0\0"u8);
            bool isXmp = marker == App1 && payload.AsSpan().StartsWith(XmpHeader);
            if (isXmp) continue;
            if (!inserted && !isJfif && !isExif)
            {
                WriteXmpSegment(output, xmpPacket, segmentLength);
                inserted = true;
            }
            WriteSegment(output, marker, payload);
        }
    }

    /// <summary>Finds the XMP packet of a JPEG's APP1 segment, or null; used to check our own output.</summary>
    public static byte[]? FindXmp(Stream input)
    {
        if (input.ReadByte() != 0xFF || input.ReadByte() != Soi) return null;
        while (true)
        {
            byte marker = ReadMarker(input);
            if (marker == Sos) return null;
            var payload = ReadSegmentPayload(input, marker);
            if (marker == App1 && payload.AsSpan().StartsWith(XmpHeader))
                return payload[XmpHeader.Length..];
        }
    }

    private static byte ReadMarker(Stream input)
    {
        int value = input.ReadByte();
        if (value != 0xFF) throw new InvalidDataException("The JPEG header is damaged: a segment does not start with FF.");
        do value = input.ReadByte(); while (value == 0xFF); // fill bytes
        if (value < 0) throw new InvalidDataException("The JPEG ends before its image data (no SOS marker).");
        return (byte)value;
    }

    private static byte[] ReadSegmentPayload(Stream input, byte marker)
    {
        int high = input.ReadByte(), low = input.ReadByte();
        if (low < 0) throw new InvalidDataException($"The JPEG ends inside segment FF {marker:X2}.");
        int length = (high << 8) | low;
        if (length < 2) throw new InvalidDataException($"The JPEG segment FF {marker:X2} has an impossible length ({length}).");
        var payload = new byte[length - 2];
        input.ReadExactly(payload);
        return payload;
    }

    private static void WriteXmpSegment(Stream output, byte[] packet, int segmentLength)
    {
        output.Write([0xFF, App1, (byte)(segmentLength >> 8), (byte)segmentLength]);
        output.Write(XmpHeader);
        output.Write(packet);
    }

    private static void WriteSegment(Stream output, byte marker, byte[] payload)
    {
        int length = payload.Length + 2;
        output.Write([0xFF, marker, (byte)(length >> 8), (byte)length]);
        output.Write(payload);
    }
}
