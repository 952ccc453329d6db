using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// Where results go when the user names no folder: XMP sidecars beside their originals (IMG_0001.xmp next to
    /// IMG_0001.CR2, as Lightroom expects); an edited DNG/JPEG, which has the original's own name, into an
    /// "Imagen Edit" folder beside it (so nothing can ever overwrite a photographer's original); exports into an
    /// "Imagen Export" folder beside the originals.
    /// </summary>
    public static class ImagenResultLayout
    {
        public const string EditFolderName = "Imagen Edit";
        public const string ExportFolderName = "Imagen Export";

        /// <summary>
        /// The folder for <paramref name="link"/>, given the uploaded name -> local path map of the project. An output
        /// with no matching original goes beside the first original.
        /// </summary>
        public static string FolderFor(ImagenDownloadLink link, IReadOnlyDictionary<string, string> uploadedFiles)
        {
            if (link == null)
            {
                throw new ArgumentNullException(nameof(link));
            }

            if (uploadedFiles == null || uploadedFiles.Count == 0)
            {
                throw new ArgumentException("The local originals of this project are not known, so results cannot be placed beside them; give a destination folder.", nameof(uploadedFiles));
            }

            var original = OriginalFor(link.FileName, uploadedFiles) ?? uploadedFiles.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase).First().Value;
            var folder = Path.GetDirectoryName(Path.GetFullPath(original)) ?? Directory.GetCurrentDirectory();
            if (link.Kind == ImagenJobKind.Export)
            {
                return Path.Combine(folder, ExportFolderName);
            }

            return string.Equals(Path.GetExtension(link.FileName), ".xmp", StringComparison.OrdinalIgnoreCase) ? folder : Path.Combine(folder, EditFolderName);
        }

        /// <summary>
        /// The uploaded name -> local path map from whatever the caller holds: <see cref="ImagenEditResult.Files"/>,
        /// a hashtable of names to paths, or names to <see cref="FileSystemInfo"/> objects. Entries without a name or
        /// a path are ignored. <paramref name="unwrap"/> lets a host unwrap its own wrapper objects first (PowerShell's
        /// PSObject) for keys and values.
        /// </summary>
        public static IReadOnlyDictionary<string, string> ReadOriginals(IDictionary? files, Func<object, object>? unwrap = null)
        {
            var originals = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (files == null)
            {
                return originals;
            }

            foreach (DictionaryEntry entry in files)
            {
                var key = entry.Key == null || unwrap == null ? entry.Key : unwrap(entry.Key);
                var value = entry.Value == null || unwrap == null ? entry.Value : unwrap(entry.Value);
                var path = value is FileSystemInfo info ? info.FullName : value?.ToString();
                var name = key?.ToString();
                if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(path))
                {
                    originals[name!] = path!;
                }
            }

            return originals;
        }

        /// <summary>The local original an output belongs to: same name, else same stem (case-insensitive); null when none.</summary>
        public static string? OriginalFor(string outputFileName, IReadOnlyDictionary<string, string> uploadedFiles)
        {
            foreach (var pair in uploadedFiles)
            {
                if (string.Equals(pair.Key, outputFileName, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            var stem = Path.GetFileNameWithoutExtension(outputFileName);
            foreach (var pair in uploadedFiles.OrderBy(p => p.Key, StringComparer.OrdinalIgnoreCase))
            {
                if (string.Equals(Path.GetFileNameWithoutExtension(pair.Key), stem, StringComparison.OrdinalIgnoreCase))
                {
                    return pair.Value;
                }
            }

            return null;
        }
    }
}
