using System;
using System.IO;

namespace Imagen.Core
{
    /// <summary>
    /// Turns a server-sent file_name into a local path inside a destination folder, refusing anything that could
    /// land elsewhere: "..", separators (a path), rooted names, drive letters, alternate data streams, device names.
    /// Windows' rules apply on every system (results are copied to Windows machines): device names (CON, NUL.tar.gz),
    /// names Windows would change (a trailing dot or space), and, on Windows PowerShell 5.1 without long path support,
    /// paths longer than it can write.
    /// </summary>
    public static class ImagenDownloadPaths
    {
        // Reserved whatever the extension ("NUL.tar.gz" is NUL): COM and LPT with 0-9 and the superscript digits.
        private static readonly string[] DeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
            "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM\u00B9", "COM\u00B2", "COM\u00B3",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT\u00B9", "LPT\u00B2", "LPT\u00B3",
        };

        /// <summary>Suffix of the temporary file a download streams into (see <see cref="TemporaryFor"/>).</summary>
        internal const string TemporarySuffix = ".imagen-partial";

        /// <summary>
        /// The longest path this process can write, or null when there is no such limit: 259 characters for Windows
        /// PowerShell 5.1 (.NET Framework) where long paths are not enabled; .NET (PowerShell 7) writes long paths.
        /// </summary>
        internal static int? PlatformMaxPath { get; } = ProbeMaxPath();

        /// <summary>The full local path, or an ImagenException (ImagenUnsafeFileName, ImagenPathTooLong) saying why the name was refused.</summary>
        public static string Resolve(string destinationFolder, string fileName) => Resolve(destinationFolder, fileName, PlatformMaxPath);

        /// <summary>As <see cref="Resolve(string, string)"/>, with the longest path to allow (tests stand in for Windows PowerShell with it).</summary>
        internal static string Resolve(string destinationFolder, string fileName, int? maxPath)
        {
            var reason = Refusal(fileName);
            if (reason != null)
            {
                throw new ImagenException($"The server sent the file name '{fileName}', which {reason}; it was not written.", ImagenErrorIds.UnsafeFileName);
            }

            var root = Path.GetFullPath(destinationFolder);
            var full = Path.GetFullPath(Path.Combine(root, fileName));
            var prefix = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
            if (!full.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                throw new ImagenException($"The server sent the file name '{fileName}', which would leave the folder '{root}'; it was not written.", ImagenErrorIds.UnsafeFileName);
            }

            // The temporary file beside the target is the longest path a download writes.
            var longest = TemporaryFor(full).Length;
            if (maxPath.HasValue && longest > maxPath.Value)
            {
                throw new ImagenException(
                    $"'{full}' is too long a path for Windows PowerShell here: with the temporary name it downloads into, it is {longest} characters, and only {maxPath.Value} can be written. Save into a folder with a shorter path (-Path), or use PowerShell 7, which writes long paths.",
                    ImagenErrorIds.PathTooLong);
            }

            return full;
        }

        /// <summary>".IMG_0001.xmp.1a2b3c4d.imagen-partial": hidden, beside the target, unique per attempt.</summary>
        internal static string TemporaryFor(string target) =>
            Path.Combine(Path.GetDirectoryName(target)!, "." + Path.GetFileName(target) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + TemporarySuffix);

        private static int? ProbeMaxPath()
        {
#if NETFRAMEWORK
            if (Path.DirectorySeparatorChar != '\\')
            {
                return null;
            }

            try
            {
                // With legacy path handling (no long path support) .NET Framework refuses any path of 260 or more.
                Path.GetFullPath(Path.Combine(Path.GetTempPath(), new string('a', 300)));
                return null;
            }
            catch (PathTooLongException)
            {
                return 259;
            }
#else
            return null;
#endif
        }

        /// <summary>Null when <paramref name="fileName"/> is a plain file name, else the reason it is not.</summary>
        public static string? Refusal(string? fileName)
        {
            if (string.IsNullOrWhiteSpace(fileName))
            {
                return "is empty";
            }

            var name = fileName!;
            foreach (var segment in name.Split('/', '\\'))
            {
                if (segment == "..")
                {
                    return "refers to a parent folder (..)";
                }
            }

            if (name == ".")
            {
                return "is not a file name";
            }

            if (name.IndexOf('/') >= 0 || name.IndexOf('\\') >= 0)
            {
                return "contains a path (only plain file names are accepted)";
            }

            if (name.Length >= 2 && name[1] == ':' && char.IsLetter(name[0]))
            {
                return "names a drive";
            }

            if (name.IndexOf(':') >= 0)
            {
                return "contains ':' (a drive or an alternate data stream)";
            }

            foreach (var c in name)
            {
                if (c < 32 || c == '<' || c == '>' || c == '"' || c == '|' || c == '?' || c == '*')
                {
                    return "contains characters not allowed in file names";
                }
            }

            if (name.EndsWith(".", StringComparison.Ordinal) || name.EndsWith(" ", StringComparison.Ordinal) || name.StartsWith(" ", StringComparison.Ordinal))
            {
                return "ends with a dot or space, or starts with a space (Windows would change it)";
            }

            // Windows takes the name up to its first dot, less trailing spaces, for the device: "con .xmp" is CON.
            var stem = name.Split('.')[0].TrimEnd(' ');
            foreach (var device in DeviceNames)
            {
                if (string.Equals(stem, device, StringComparison.OrdinalIgnoreCase))
                {
                    return "is a reserved device name";
                }
            }

            return null;
        }
    }
}
