using System;
using System.IO;

namespace Imagen.Core
{
    /// <summary>
    /// Turns a server-sent file_name into a local path inside a destination folder, refusing anything that could
    /// land elsewhere: "..", separators (a path), rooted names, drive letters, alternate data streams, device names.
    /// </summary>
    public static class ImagenDownloadPaths
    {
        private static readonly string[] DeviceNames =
        {
            "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
        };

        /// <summary>The full local path, or an ImagenException (ImagenUnsafeFileName) saying why the name was refused.</summary>
        public static string Resolve(string destinationFolder, string fileName)
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

            return full;
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

            var stem = Path.GetFileNameWithoutExtension(name);
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
