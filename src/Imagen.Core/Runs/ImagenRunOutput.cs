using System;

namespace Imagen.Core
{
    /// <summary>One output file a run saved: where it went and what it holds, so a later save knows it wrote it.</summary>
    public sealed class ImagenRunOutput
    {
        public ImagenRunOutput(ImagenJobKind kind, string fileName, string path, long length, string sha256, DateTimeOffset savedAt)
        {
            Kind = kind;
            FileName = fileName ?? throw new ArgumentNullException(nameof(fileName));
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Length = length;
            Sha256 = sha256 ?? throw new ArgumentNullException(nameof(sha256));
            SavedAt = savedAt;
        }

        /// <summary>Edit output (XMP, DNG) or export output (JPEG).</summary>
        public ImagenJobKind Kind { get; }

        /// <summary>The service's file name.</summary>
        public string FileName { get; }

        /// <summary>The full local path it was saved to.</summary>
        public string Path { get; }

        public long Length { get; }

        /// <summary>Lower-case hex SHA-256 of the saved bytes.</summary>
        public string Sha256 { get; }

        public DateTimeOffset SavedAt { get; }
    }
}
