using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// The SDK's check_files_match_profile_type, with its wording, plus what it misses: missing files, duplicate
    /// names (they collide in a project) and content that contradicts the extension.
    /// </summary>
    public static class ProfileFileValidator
    {
        private const string SupportedHint =
            "Imagen accepts RAW files (.dng, .nef, .cr2, .arw, .nrw, .crw, .srf, .sr2, .orf, .raw, .rw2, .raf, .ptx, .pef, .rwl, .srw, .cr3, .3fr, .fff) and JPEG files (.jpg, .jpeg).";

        /// <summary>Checks <paramref name="paths"/> against <paramref name="profile"/>.</summary>
        public static ProfileFileValidation Validate(IEnumerable<string> paths, ImagenProfile profile, bool inspectContent = true)
        {
            if (profile == null)
            {
                throw new ArgumentNullException(nameof(profile));
            }

            return Validate(paths, profile.ImageType, inspectContent);
        }

        /// <summary>
        /// Checks <paramref name="paths"/> against a profile image type ("RAW" or "JPG"); with null, only the checks
        /// that do not need a profile run (missing, unsupported, mixed, duplicate, content).
        /// </summary>
        public static ProfileFileValidation Validate(IEnumerable<string> paths, string? profileImageType, bool inspectContent = true)
        {
            if (paths == null)
            {
                throw new ArgumentNullException(nameof(paths));
            }

            var list = paths.ToList();
            var problems = new List<ImagenFileProblem>();
            var perFile = new Dictionary<string, List<ImagenFileProblem>>(StringComparer.Ordinal);
            foreach (var path in list)
            {
                if (path == null)
                {
                    throw new ArgumentException("A file path is null.", nameof(paths));
                }

                if (!perFile.ContainsKey(path))
                {
                    perFile[path] = new List<ImagenFileProblem>();
                }
            }

            var inspections = new Dictionary<string, FileContentInspection>(StringComparer.Ordinal);

            if (list.Count == 0)
            {
                problems.Add(new ImagenFileProblem(ImagenErrorIds.NoFiles, "No files were given.", Array.Empty<string>(), "Pass RAW or JPEG files by -Path, -LiteralPath or the pipeline."));
            }

            ImagenFileKind? profileKind = null;
            string? profileLabel = null;
            if (profileImageType != null)
            {
                profileKind = ImagenFileTypes.KindForProfileImageType(profileImageType);
                if (profileKind == null)
                {
                    problems.Add(new ImagenFileProblem(ImagenErrorIds.UnsupportedProfileType, $"Profile type '{profileImageType}' is not supported for file validation.", Array.Empty<string>(), "Use a profile whose ImageType is RAW or JPG."));
                }
                else
                {
                    profileLabel = profileKind == ImagenFileKind.Raw ? "RAW" : "JPG";
                }
            }

            var present = new List<string>();
            foreach (var path in list.Distinct(StringComparer.Ordinal))
            {
                if (File.Exists(path))
                {
                    present.Add(path);
                    continue;
                }

                var message = Directory.Exists(path) ? $"'{path}' is a folder, not a file." : $"File not found: '{path}'.";
                var problem = new ImagenFileProblem(ImagenErrorIds.FileNotFound, message, new[] { path }, "Check the path; pass files, not folders (e.g. Get-ChildItem <folder>\\*.cr2).");
                problems.Add(problem);
                perFile[path].Add(problem);
            }

            var raw = present.Where(p => ImagenFileTypes.Classify(p) == ImagenFileKind.Raw).ToList();
            var jpeg = present.Where(p => ImagenFileTypes.Classify(p) == ImagenFileKind.Jpeg).ToList();
            var unsupported = present.Where(p => ImagenFileTypes.Classify(p) == ImagenFileKind.Unsupported).ToList();

            if (unsupported.Count > 0)
            {
                var message = profileLabel != null
                    ? $"{profileLabel} profile cannot be used with unsupported files: {PythonList(unsupported)}"
                    : $"Unsupported file types: {PythonList(unsupported)}";
                AddGroup(ImagenErrorIds.UnsupportedFileType, message, unsupported, SupportedHint, p => $"'{Path.GetFileName(p)}' has an unsupported extension ({ExtensionOf(p)}).");
            }

            if (profileKind == ImagenFileKind.Raw && jpeg.Count > 0)
            {
                AddGroup(ImagenErrorIds.FileTypeMismatch, $"RAW profile cannot be used with JPG files: {PythonList(jpeg)}", jpeg, "Use a JPG profile for JPEG files, or pass the RAW originals.", p => $"'{Path.GetFileName(p)}' is a JPEG file but the profile edits RAW files.");
            }

            if (profileKind == ImagenFileKind.Jpeg && raw.Count > 0)
            {
                AddGroup(ImagenErrorIds.FileTypeMismatch, $"JPG profile cannot be used with RAW files: {PythonList(raw)}", raw, "Use a RAW profile for RAW files, or pass JPEG files.", p => $"'{Path.GetFileName(p)}' is a RAW file but the profile edits JPG files.");
            }

            if (raw.Count > 0 && jpeg.Count > 0)
            {
                var both = raw.Concat(jpeg).ToList();
                AddGroup(ImagenErrorIds.MixedFileTypes, $"Cannot mix RAW and JPG files in the same project: RAW {PythonList(raw)}, JPG {PythonList(jpeg)}", both, "Projects can only contain one file type: create separate projects for RAW and JPEG files.", p => $"'{Path.GetFileName(p)}' is one of a mix of RAW and JPG files; a project holds one type.");
            }

            foreach (var group in present.GroupBy(p => Path.GetFileName(p), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            {
                var files = group.ToList();
                var quoted = string.Join(", ", files.Select(f => "'" + f + "'"));
                AddGroup(ImagenErrorIds.DuplicateFileName, $"Duplicate file name '{group.Key}' ({files.Count} files): {quoted}", files, "File names must be unique within a project: rename one of them or send them in separate projects.", p => $"'{Path.GetFileName(p)}' appears {files.Count} times among the files; names must be unique within a project.");
            }

            if (inspectContent)
            {
                foreach (var path in present)
                {
                    var inspection = FileContentInspector.Inspect(path);
                    inspections[path] = inspection;
                    var contradiction = FileContentInspector.DescribeContradiction(path, ImagenFileTypes.Classify(path), inspection);
                    if (contradiction != null)
                    {
                        // A file that cannot be read says nothing about its content: that is a problem of its own.
                        var problem = inspection.Format == ImagenContentFormat.Unreadable
                            ? new ImagenFileProblem(ImagenErrorIds.FileUnreadable, contradiction, new[] { path }, "Check that the file is there and that you may read it (permissions, a file locked by another program).")
                            : new ImagenFileProblem(ImagenErrorIds.FileContentMismatch, contradiction, new[] { path }, "Check the file: it may be damaged, incomplete, or renamed from another format.");
                        problems.Add(problem);
                        perFile[path].Add(problem);
                    }
                }
            }

            var checks = list.Select(p => new ImagenFileCheck(p, ImagenFileTypes.Classify(p), File.Exists(p), inspections.TryGetValue(p, out var i) ? i : null, perFile[p])).ToList();
            return new ProfileFileValidation(checks, problems);

            void AddGroup(string errorId, string message, List<string> files, string action, Func<string, string> perFileMessage)
            {
                problems.Add(new ImagenFileProblem(errorId, message, files, action));
                foreach (var file in files)
                {
                    perFile[file].Add(new ImagenFileProblem(errorId, perFileMessage(file), new[] { file }, action));
                }
            }
        }

        /// <summary>Formats names the way the Python SDK prints a list: ['a.jpg', 'b.jpeg'].</summary>
        internal static string PythonList(IEnumerable<string> paths) => "[" + string.Join(", ", paths.Select(p => "'" + Path.GetFileName(p) + "'")) + "]";

        private static string ExtensionOf(string path)
        {
            var extension = Path.GetExtension(path);
            return extension.Length == 0 ? "none" : extension;
        }
    }
}
