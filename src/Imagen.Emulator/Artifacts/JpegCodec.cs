using BitMiracle.LibJpeg.Classic;

namespace Imagen.Emulator.Artifacts;

/// <summary>
/// The emulator's JPEG work over BitMiracle.LibJpeg.NET (a port of the IJG libjpeg). Pixels flow one scanline at a
/// time, so even a full-size camera JPEG is edited without holding its image in memory. Note that libjpeg rewinds
/// the stream it is given: a JPEG inside another file must be handed over as a stream of its own.
/// </summary>
internal static class JpegCodec
{
    public const int ExportQuality = 90;


    /// <summary>A scanline transform: receives interleaved RGB for row <c>y</c> and edits it in place.</summary>
    public delegate void RowTransform(Span<byte> rgb, int y);

    /// <summary>
    /// Measures a JPEG from every fourth pixel of every fourth row, decoded with libjpeg's fast settings. (libjpeg's
    /// own DCT scaling would be cheaper, but LibJpeg.NET 1.5.324 returns wrong pixels with Scale_denom &gt; 1.)
    /// </summary>
    public static ImageStatistics Measure(Stream jpeg)
    {
        const int step = 4;
        var decoder = Open(jpeg);
        decoder.Dct_method = J_DCT_METHOD.JDCT_IFAST;
        decoder.Do_fancy_upsampling = false;
        decoder.jpeg_start_decompress();
        var accumulator = new ImageStatistics.Accumulator();
        ReadRows(decoder, (rgb, y) =>
        {
            if (y % step != 0) return;
            for (int i = 0; i + 2 < rgb.Length; i += 3 * step) accumulator.AddRgbRow(rgb.Slice(i, 3));
        });
        decoder.jpeg_finish_decompress();
        return accumulator.ToStatistics(decoder.Image_width, decoder.Image_height);
    }

    /// <summary>Decodes <paramref name="input"/>, transforms each row and encodes the result, keeping EXIF and ICC segments.</summary>
    public static void Transcode(Stream input, Stream output, RowTransform transform, string? comment = null)
    {
        var decoder = Open(input, keepMetadata: true);
        decoder.jpeg_start_decompress();
        var encoder = CreateEncoder(output, decoder.Output_width, decoder.Output_height);
        encoder.jpeg_start_compress(true);
        if (comment is not null) encoder.jpeg_write_marker((int)JPEG_MARKER.COM, System.Text.Encoding.UTF8.GetBytes(comment));
        foreach (var marker in decoder.Marker_list.Where(IsCarriedOver))
            encoder.jpeg_write_marker(marker.Marker, marker.Data);

        var row = new[] { new byte[decoder.Output_width * 3] };
        ReadRows(decoder, (rgb, y) =>
        {
            transform(rgb, y);
            rgb.CopyTo(row[0]);
            encoder.jpeg_write_scanlines(row, 1);
        });
        decoder.jpeg_finish_decompress();
        encoder.jpeg_finish_compress();
    }

    /// <summary>
    /// EXIF and ICC travel with the pixels; an original's XMP does not, because its develop settings would be applied
    /// a second time on top of pixels that already carry the edit.
    /// </summary>
    private static bool IsCarriedOver(jpeg_marker_struct marker) =>
        marker.Marker == (int)JPEG_MARKER.APP2
        || (marker.Marker == (int)JPEG_MARKER.APP1 && marker.Data.AsSpan().StartsWith("Exif\0\0"u8));

    /// <summary>Encodes an image produced row by row (interleaved RGB).</summary>
    public static void Encode(Stream output, int width, int height, RowTransform fillRow, int quality = ExportQuality,
        IEnumerable<(int Marker, byte[] Data)>? markers = null)
    {
        var encoder = CreateEncoder(output, width, height, quality);
        encoder.jpeg_start_compress(true);
        foreach (var (marker, data) in markers ?? [])
            encoder.jpeg_write_marker(marker, data);
        var row = new byte[1][];
        row[0] = new byte[width * 3];
        for (int y = 0; y < height; y++)
        {
            fillRow(row[0], y);
            encoder.jpeg_write_scanlines(row, 1);
        }
        encoder.jpeg_finish_compress();
    }

    /// <summary>Reads only the header of a JPEG (which must start the stream: libjpeg rewinds it): its size, or null when it is not one libjpeg reads.</summary>
    public static (int Width, int Height)? TryReadSize(Stream jpeg)
    {
        try
        {
            var decoder = Open(jpeg);
            return (decoder.Image_width, decoder.Image_height);
        }
        catch (Exception ex) when (ex is not (IOException or OperationCanceledException))
        {
            return null;
        }
    }

    /// <summary>Decodes a whole JPEG to interleaved RGB (for tests and small previews).</summary>
    public static (int Width, int Height, byte[] Rgb) Decode(Stream jpeg)
    {
        var decoder = Open(jpeg);
        decoder.jpeg_start_decompress();
        int width = decoder.Output_width;
        var pixels = new byte[width * decoder.Output_height * 3];
        ReadRows(decoder, (rgb, y) => rgb.CopyTo(pixels.AsSpan(y * width * 3)));
        decoder.jpeg_finish_decompress();
        return (width, decoder.Output_height, pixels);
    }

    /// <summary>
    /// True when the bytes are a JPEG libjpeg can decode: SOI, then a baseline, extended or progressive frame. DNG
    /// raw data is also stored as "JPEG" but lossless (SOF3), which no preview decoder reads.
    /// </summary>
    public static bool IsDecodableJpeg(ReadOnlySpan<byte> data)
    {
        if (data.Length < 4 || data[0] != 0xFF || data[1] != 0xD8) return false;
        int position = 2;
        while (position + 4 <= data.Length)
        {
            if (data[position] != 0xFF) return false;
            byte marker = data[position + 1];
            if (marker == 0xFF) { position++; continue; }
            if (marker is 0xC0 or 0xC1 or 0xC2) return true;
            if (marker is 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF)) return false;
            if (marker == 0xDA) return false;
            position += 2 + ((data[position + 2] << 8) | data[position + 3]);
        }
        return false;
    }

    private static jpeg_decompress_struct Open(Stream jpeg, bool keepMetadata = false)
    {
        var decoder = new jpeg_decompress_struct(new jpeg_error_mgr());
        if (keepMetadata)
        {
            decoder.jpeg_save_markers((int)JPEG_MARKER.APP1, 0xFFFF); // EXIF (orientation, capture data)
            decoder.jpeg_save_markers((int)JPEG_MARKER.APP2, 0xFFFF); // ICC profile
        }
        decoder.jpeg_stdio_src(jpeg);
        decoder.jpeg_read_header(true);
        if (decoder.Jpeg_color_space is not (J_COLOR_SPACE.JCS_YCbCr or J_COLOR_SPACE.JCS_RGB or J_COLOR_SPACE.JCS_GRAYSCALE))
            throw new InvalidDataException($"JPEG colour space {decoder.Jpeg_color_space} is not supported (expected YCbCr, RGB or greyscale).");
        decoder.Out_color_space = decoder.Jpeg_color_space == J_COLOR_SPACE.JCS_GRAYSCALE
            ? J_COLOR_SPACE.JCS_GRAYSCALE
            : J_COLOR_SPACE.JCS_RGB;
        return decoder;
    }

    /// <summary>Reads every scanline as RGB, widening greyscale so callers see one pixel layout.</summary>
    private static void ReadRows(jpeg_decompress_struct decoder, RowTransform onRow)
    {
        int width = decoder.Output_width;
        int components = decoder.Output_components;
        var scanline = jpeg_common_struct.AllocJpegSamples(width * components, 1);
        var rgb = new byte[width * 3];
        while (decoder.Output_scanline < decoder.Output_height)
        {
            int y = decoder.Output_scanline;
            decoder.jpeg_read_scanlines(scanline, 1);
            if (components == 3)
            {
                scanline[0].AsSpan(0, width * 3).CopyTo(rgb);
            }
            else
            {
                for (int x = 0; x < width; x++) rgb[x * 3] = rgb[x * 3 + 1] = rgb[x * 3 + 2] = scanline[0][x];
            }
            onRow(rgb, y);
        }
    }

    private static jpeg_compress_struct CreateEncoder(Stream output, int width, int height, int quality = ExportQuality)
    {
        var encoder = new jpeg_compress_struct(new jpeg_error_mgr())
        {
            Image_width = width,
            Image_height = height,
            Input_components = 3,
            In_color_space = J_COLOR_SPACE.JCS_RGB,
        };
        encoder.jpeg_set_defaults();
        encoder.jpeg_set_quality(quality, true);
        encoder.jpeg_stdio_dest(output);
        return encoder;
    }
}
