using System;

namespace Imagen.Core
{
    /// <summary>One original of a run: where it is, what it was when the run started, and whether its upload finished.</summary>
    public sealed class ImagenRunFile
    {
        public ImagenRunFile(string path, long length, DateTime lastWriteTimeUtc, string? md5 = null, bool uploaded = false)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Name = System.IO.Path.GetFileName(path);
            Length = length;
            LastWriteTimeUtc = DateTime.SpecifyKind(lastWriteTimeUtc, DateTimeKind.Utc);
            Md5 = md5;
            Uploaded = uploaded;
        }

        /// <summary>The full local path.</summary>
        public string Path { get; }

        /// <summary>The name it is uploaded under (unique within the project).</summary>
        public string Name { get; }

        public long Length { get; }

        public DateTime LastWriteTimeUtc { get; }

        /// <summary>Base64 MD5 (the form files_list's md5 takes), once computed.</summary>
        public string? Md5 { get; internal set; }

        /// <summary>True once storage confirmed the upload.</summary>
        public bool Uploaded { get; internal set; }

        /// <summary>Reads a file's size and time stamp now.</summary>
        public static ImagenRunFile FromDisk(string path)
        {
            var info = new System.IO.FileInfo(path);
            return new ImagenRunFile(info.FullName, info.Exists ? info.Length : -1, info.Exists ? info.LastWriteTimeUtc : DateTime.MinValue);
        }

        /// <summary>Same size and time stamp as <paramref name="other"/> (the file was not changed in between).</summary>
        public bool SameContentStamp(ImagenRunFile other) =>
            other != null && Length == other.Length && LastWriteTimeUtc == other.LastWriteTimeUtc;
    }
}
