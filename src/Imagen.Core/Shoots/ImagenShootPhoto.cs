using System;
using System.IO;

namespace Imagen.Core
{
    /// <summary>
    /// A photo of a shoot as a directory listing shows it: where it is, its name in the project (the file name, unique
    /// within a shoot), its size and time stamps. Nothing here needs the file to be opened.
    /// </summary>
    public sealed class ImagenShootPhoto
    {
        public ImagenShootPhoto(string path, long length, DateTime lastWriteTimeUtc, DateTime creationTimeUtc)
        {
            Path = path ?? throw new ArgumentNullException(nameof(path));
            Name = System.IO.Path.GetFileName(path);
            Length = length;
            LastWriteTimeUtc = DateTime.SpecifyKind(lastWriteTimeUtc, DateTimeKind.Utc);
            CreationTimeUtc = DateTime.SpecifyKind(creationTimeUtc, DateTimeKind.Utc);
        }

        /// <summary>The full local path.</summary>
        public string Path { get; }

        /// <summary>The name the photo has in a project (its file name).</summary>
        public string Name { get; }

        public long Length { get; }

        public DateTime LastWriteTimeUtc { get; }

        /// <summary>When the file appeared here: a copy keeps the camera's write time but gets a new creation time on Windows.</summary>
        public DateTime CreationTimeUtc { get; }

        /// <summary>The latest of the two time stamps: when the file was last written or put here.</summary>
        public DateTime ChangedUtc => LastWriteTimeUtc > CreationTimeUtc ? LastWriteTimeUtc : CreationTimeUtc;

        /// <summary>Reads a photo's size and time stamps from the file system now.</summary>
        public static ImagenShootPhoto FromDisk(string path) => From(new FileInfo(path));

        internal static ImagenShootPhoto From(FileInfo info) =>
            info.Exists
                ? new ImagenShootPhoto(info.FullName, info.Length, info.LastWriteTimeUtc, info.CreationTimeUtc)
                : new ImagenShootPhoto(info.FullName, -1, DateTime.MinValue, DateTime.MinValue);

        /// <summary>
        /// True while the photo may still be being written (a card copying): its latest time stamp is less than
        /// <paramref name="quietPeriod"/> old. A time stamp far in the future (a card's clock, a daylight-saving shift)
        /// is no sign of a write happening now; one a little ahead (a share's clock) is.
        /// </summary>
        public bool IsSettling(DateTime nowUtc, TimeSpan quietPeriod)
        {
            if (quietPeriod <= TimeSpan.Zero)
            {
                return false;
            }

            var age = nowUtc - ChangedUtc;
            return age < quietPeriod && age > -quietPeriod;
        }

        /// <summary>Same size and write time as recorded: the file was not changed in between (as far as a listing can tell).</summary>
        public bool SameStamp(long length, DateTime lastWriteTimeUtc) =>
            Length == length && LastWriteTimeUtc == DateTime.SpecifyKind(lastWriteTimeUtc, DateTimeKind.Utc);

        public override string ToString() => Name;
    }
}
