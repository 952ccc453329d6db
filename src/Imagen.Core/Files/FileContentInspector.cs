using System;
using System.IO;
using System.Text;

namespace Imagen.Core
{
    /// <summary>
    /// Reads a file's first bytes and says what the content really is, so a JPEG renamed to .cr2, an empty file or a
    /// text file named .nef is caught before it is uploaded and billed.
    /// </summary>
    public static class FileContentInspector
    {
        /// <summary>How many leading bytes are read; enough for every signature and a fair text check.</summary>
        public const int HeaderLength = 512;

        public static FileContentInspection Inspect(string path)
        {
            if (path == null)
            {
                throw new ArgumentNullException(nameof(path));
            }

            try
            {
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan))
                {
                    var header = new byte[HeaderLength];
                    var count = 0;
                    int read;
                    while (count < header.Length && (read = stream.Read(header, count, header.Length - count)) > 0)
                    {
                        count += read;
                    }

                    return Inspect(header, count, stream.Length);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return new FileContentInspection(ImagenContentFormat.Unreadable, "unreadable", ex.Message, -1);
            }
        }

        /// <summary>Classifies leading bytes (<paramref name="count"/> of them) of a file <paramref name="length"/> bytes long.</summary>
        public static FileContentInspection Inspect(byte[] header, int count, long length)
        {
            if (count == 0)
            {
                return new FileContentInspection(ImagenContentFormat.Empty, "an empty file", "the file is 0 bytes long", length);
            }

            var hex = Hex(header, count, 8);
            if (StartsWith(header, count, 0, 0xFF, 0xD8, 0xFF))
            {
                return Found(ImagenContentFormat.Jpeg, "a JPEG image", hex, "JPEG start-of-image marker", length);
            }

            if (StartsWithAscii(header, count, 0, "FUJIFILMCCD-RAW"))
            {
                return Found(ImagenContentFormat.FujifilmRaf, "a Fujifilm RAF raw file", Hex(header, count, 15), "\"FUJIFILMCCD-RAW\"", length);
            }

            if (StartsWithAscii(header, count, 0, "IIRO") || StartsWithAscii(header, count, 0, "IIRS") || StartsWithAscii(header, count, 0, "MMOR"))
            {
                return Found(ImagenContentFormat.OlympusOrf, "an Olympus ORF raw file", Hex(header, count, 4), "Olympus ORF signature", length);
            }

            if (StartsWith(header, count, 0, 0x49, 0x49, 0x55, 0x00))
            {
                return Found(ImagenContentFormat.PanasonicRw2, "a Panasonic RW2 raw file", Hex(header, count, 4), "Panasonic RW2 signature \"IIU\\0\"", length);
            }

            if (StartsWith(header, count, 0, 0x49, 0x49, 0x2A, 0x00) || StartsWith(header, count, 0, 0x4D, 0x4D, 0x00, 0x2A))
            {
                if (StartsWithAscii(header, count, 8, "CR"))
                {
                    return Found(ImagenContentFormat.CanonCr2, "a Canon CR2 raw file", Hex(header, count, 10), "TIFF header with \"CR\" at offset 8", length);
                }

                return Found(ImagenContentFormat.TiffRaw, "a TIFF-based raw file", hex, "TIFF header (used by DNG, NEF, ARW and most RAW formats)", length);
            }

            if (StartsWith(header, count, 0, 0x49, 0x49, 0x1A, 0x00) && StartsWithAscii(header, count, 6, "HEAPCCDR"))
            {
                return Found(ImagenContentFormat.CanonCrw, "a Canon CRW raw file", Hex(header, count, 14), "CIFF header \"HEAPCCDR\"", length);
            }

            if (StartsWithAscii(header, count, 4, "ftyp"))
            {
                if (StartsWithAscii(header, count, 8, "crx "))
                {
                    return Found(ImagenContentFormat.CanonCr3, "a Canon CR3 raw file", Hex(header, count, 12), "ISO media file of brand \"crx \"", length);
                }

                if (StartsWithAscii(header, count, 8, "heic") || StartsWithAscii(header, count, 8, "heix") || StartsWithAscii(header, count, 8, "mif1") || StartsWithAscii(header, count, 8, "hevc"))
                {
                    return Found(ImagenContentFormat.Heif, "a HEIF/HEIC image", Hex(header, count, 12), "ISO media file of a HEIF brand", length);
                }
            }

            if (StartsWith(header, count, 0, 0x89, 0x50, 0x4E, 0x47))
            {
                return Found(ImagenContentFormat.Png, "a PNG image", hex, "PNG signature", length);
            }

            if (LooksLikeText(header, count))
            {
                var preview = TextPreview(header, count);
                return new FileContentInspection(ImagenContentFormat.Text, "text, not image data", $"first bytes {hex} read as text: \"{preview}\"", length);
            }

            return new FileContentInspection(ImagenContentFormat.Unknown, "unrecognised data", $"first bytes {hex} match no known image signature", length);
        }

        /// <summary>
        /// Says why the content contradicts the extension, or returns null when they agree (or when nothing certain can
        /// be said, e.g. a RAW extension over an unrecognised proprietary format).
        /// </summary>
        public static string? DescribeContradiction(string path, ImagenFileKind kind, FileContentInspection inspection)
        {
            var name = Path.GetFileName(path);
            var extension = Path.GetExtension(path).ToLowerInvariant();
            if (inspection.Format == ImagenContentFormat.Unreadable)
            {
                return $"'{name}' could not be read: {ImagenFormat.Sentence(inspection.Evidence)}";
            }

            if (kind == ImagenFileKind.Unsupported)
            {
                return null;
            }

            var claimed = kind == ImagenFileKind.Raw ? "a RAW file" : "a JPEG image";
            string? reason = null;
            if (inspection.Format == ImagenContentFormat.Empty)
            {
                reason = "but it is empty (0 bytes)";
            }
            else if (kind == ImagenFileKind.Jpeg && inspection.Format != ImagenContentFormat.Jpeg)
            {
                reason = $"but its content is {inspection.Description} ({inspection.Evidence})";
            }
            else if (kind == ImagenFileKind.Raw)
            {
                var contradicts = inspection.Format == ImagenContentFormat.Jpeg || inspection.Format == ImagenContentFormat.Png
                    || inspection.Format == ImagenContentFormat.Heif || inspection.Format == ImagenContentFormat.Text
                    || (extension == ".cr3" && inspection.IsRawContent && inspection.Format != ImagenContentFormat.CanonCr3)
                    || (extension == ".raf" && inspection.IsRawContent && inspection.Format != ImagenContentFormat.FujifilmRaf);
                if (contradicts)
                {
                    reason = $"but its content is {inspection.Description} ({inspection.Evidence})";
                }
            }

            return reason == null ? null : $"'{name}' is named as {claimed} ({extension}) {reason}.";
        }

        private static FileContentInspection Found(ImagenContentFormat format, string description, string hex, string meaning, long length) =>
            new FileContentInspection(format, description, $"first bytes {hex} ({meaning})", length);

        private static bool StartsWith(byte[] data, int count, int offset, params byte[] expected)
        {
            if (offset + expected.Length > count)
            {
                return false;
            }

            for (var i = 0; i < expected.Length; i++)
            {
                if (data[offset + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool StartsWithAscii(byte[] data, int count, int offset, string expected) =>
            StartsWith(data, count, offset, Encoding.ASCII.GetBytes(expected));

        private static string Hex(byte[] data, int count, int max)
        {
            var take = Math.Min(count, max);
            var builder = new StringBuilder(take * 3);
            for (var i = 0; i < take; i++)
            {
                if (i > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(data[i].ToString("X2"));
            }

            return builder.ToString();
        }

        private static bool LooksLikeText(byte[] data, int count)
        {
            var start = StartsWith(data, count, 0, 0xEF, 0xBB, 0xBF) ? 3 : 0;
            var printable = 0;
            for (var i = start; i < count; i++)
            {
                var b = data[i];
                if (b == 0)
                {
                    return false;
                }

                // Tabs, line breaks, printable ASCII and UTF-8 continuation/lead bytes all count as text.
                if (b == 9 || b == 10 || b == 13 || (b >= 32 && b != 127))
                {
                    printable++;
                }
            }

            return count - start > 0 && printable >= (count - start) * 0.95;
        }

        private static string TextPreview(byte[] data, int count)
        {
            var text = Encoding.UTF8.GetString(data, 0, Math.Min(count, 40));
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                builder.Append(char.IsControl(c) ? ' ' : c);
            }

            return builder.ToString().Trim() + (count > 40 ? "..." : string.Empty);
        }
    }
}
