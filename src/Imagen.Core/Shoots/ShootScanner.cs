using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// Lists a shoot folder's photos of one profile type (RAW or JPG, by extension) from the directory listing alone:
    /// names, sizes and time stamps, no file opened. Top level only, or every subfolder with recurse (folders the
    /// module writes results into are skipped).
    /// </summary>
    internal static class ShootScanner
    {
        public static IReadOnlyList<ImagenShootPhoto> Scan(string folder, ImagenFileKind kind, bool recurse) =>
            Files(new DirectoryInfo(folder), recurse)
                .Where(f => ImagenFileTypes.Classify(f.Name) == kind && (f.Attributes & (FileAttributes.Hidden | FileAttributes.System)) == 0)
                .Select(ImagenShootPhoto.From)
                .OrderBy(p => p.Path, StringComparer.OrdinalIgnoreCase)
                .ToList();

        /// <summary>The folder's files (a listing keeps their size and time stamps), and with recurse its subfolders' too.</summary>
        private static IEnumerable<FileInfo> Files(DirectoryInfo folder, bool recurse)
        {
            foreach (var file in folder.EnumerateFiles())
            {
                yield return file;
            }

            if (!recurse)
            {
                yield break;
            }

            foreach (var child in Subfolders(folder))
            {
                foreach (var file in Files(child, recurse))
                {
                    yield return file;
                }
            }
        }

        /// <summary>Subfolders that may hold originals: not hidden, not links, not the module's own results folders, readable.</summary>
        private static IEnumerable<DirectoryInfo> Subfolders(DirectoryInfo folder)
        {
            DirectoryInfo[] children;
            try
            {
                children = folder.GetDirectories();
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException || ex is IOException)
            {
                return Enumerable.Empty<DirectoryInfo>();
            }

            return children.Where(c => (c.Attributes & (FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint)) == 0 && !IsResultsFolder(c.Name));
        }

        /// <summary>An "Imagen Edit" or "Imagen Export" folder holds this module's results, never a shoot's originals.</summary>
        private static bool IsResultsFolder(string name) =>
            string.Equals(name, ImagenResultLayout.EditFolderName, StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, ImagenResultLayout.ExportFolderName, StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// Photos whose results would share a name: two names with one stem (DSC_0001.NEF and DSC_0001.CR2 both give
        /// DSC_0001.xmp and DSC_0001.jpg), or one name in two subfolders (a project holds a name once). Each group names
        /// every photo in it.
        /// </summary>
        public static IReadOnlyList<IReadOnlyList<string>> Collisions(IEnumerable<string> paths) =>
            paths
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1)
                .Select(g => (IReadOnlyList<string>)g.OrderBy(p => p, StringComparer.OrdinalIgnoreCase).ToList())
                .ToList();
    }
}
