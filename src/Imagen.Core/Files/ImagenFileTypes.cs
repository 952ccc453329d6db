using System;
using System.Collections.Generic;
using System.IO;

namespace Imagen.Core
{
    /// <summary>
    /// The file extensions Imagen accepts, exactly the SDK's RAW_EXTENSIONS and JPG_EXTENSIONS (lower case, with the
    /// dot); comparisons ignore case.
    /// </summary>
    public static class ImagenFileTypes
    {
        private static readonly string[] RawList =
        {
            ".dng", ".nef", ".cr2", ".arw", ".nrw", ".crw", ".srf", ".sr2", ".orf", ".raw", ".rw2", ".raf", ".ptx",
            ".pef", ".rwl", ".srw", ".cr3", ".3fr", ".fff",
        };

        private static readonly string[] JpegList = { ".jpg", ".jpeg" };

        private static readonly HashSet<string> RawSet = new HashSet<string>(RawList, StringComparer.OrdinalIgnoreCase);
        private static readonly HashSet<string> JpegSet = new HashSet<string>(JpegList, StringComparer.OrdinalIgnoreCase);

        /// <summary>.dng .nef .cr2 .arw .nrw .crw .srf .sr2 .orf .raw .rw2 .raf .ptx .pef .rwl .srw .cr3 .3fr .fff</summary>
        public static IReadOnlyList<string> RawExtensions { get; } = Array.AsReadOnly(RawList);

        /// <summary>.jpg .jpeg</summary>
        public static IReadOnlyList<string> JpegExtensions { get; } = Array.AsReadOnly(JpegList);

        /// <summary>Classifies a path or file name by its extension (case-insensitive).</summary>
        public static ImagenFileKind Classify(string path)
        {
            var extension = Path.GetExtension(path ?? string.Empty);
            if (RawSet.Contains(extension))
            {
                return ImagenFileKind.Raw;
            }

            return JpegSet.Contains(extension) ? ImagenFileKind.Jpeg : ImagenFileKind.Unsupported;
        }

        public static bool IsRaw(string path) => Classify(path) == ImagenFileKind.Raw;

        public static bool IsJpeg(string path) => Classify(path) == ImagenFileKind.Jpeg;

        /// <summary>Maps a profile's image_type ("RAW", "JPG", also "JPEG") to the file kind it edits, or null when unknown.</summary>
        public static ImagenFileKind? KindForProfileImageType(string? imageType)
        {
            var normalised = (imageType ?? string.Empty).Trim().ToUpperInvariant();
            switch (normalised)
            {
                case "RAW":
                    return ImagenFileKind.Raw;
                case "JPG":
                case "JPEG":
                    return ImagenFileKind.Jpeg;
                default:
                    return null;
            }
        }
    }
}
