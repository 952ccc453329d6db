using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>The verdict on one file: a cmdlet emits one of these per file.</summary>
    public sealed class ImagenFileCheck
    {
        internal ImagenFileCheck(string path, ImagenFileKind kind, bool exists, FileContentInspection? content, IReadOnlyList<ImagenFileProblem> problems)
        {
            Path = path;
            Name = System.IO.Path.GetFileName(path);
            Extension = System.IO.Path.GetExtension(path);
            Kind = kind;
            Exists = exists;
            Length = content != null && content.Length >= 0 ? content.Length : (long?)null;
            Content = content?.Format;
            ContentDescription = content?.Description;
            Evidence = content?.Evidence;
            Problems = problems;
        }

        /// <summary>Full path of the file.</summary>
        public string Path { get; }

        /// <summary>The name the file gets in the project (its base name with extension).</summary>
        public string Name { get; }

        public string Extension { get; }

        /// <summary>What the extension says: Raw, Jpeg or Unsupported.</summary>
        public ImagenFileKind Kind { get; }

        public bool Exists { get; }

        public long? Length { get; }

        /// <summary>What the first bytes say (null when the file was not inspected).</summary>
        public ImagenContentFormat? Content { get; }

        public string? ContentDescription { get; }

        /// <summary>The bytes seen and their meaning.</summary>
        public string? Evidence { get; }

        /// <summary>Every problem concerning this file, worded for this file.</summary>
        public IReadOnlyList<ImagenFileProblem> Problems { get; }

        public bool IsValid => Problems.Count == 0;

        /// <summary>The first problem's id, or null (convenient for tables).</summary>
        public string? ErrorId => Problems.Count > 0 ? Problems[0].ErrorId : null;

        /// <summary>The problems' messages joined, or null (convenient for tables).</summary>
        public string? Problem => Problems.Count == 0 ? null : string.Join(" ", ProblemMessages());

        private IEnumerable<string> ProblemMessages()
        {
            foreach (var problem in Problems)
            {
                yield return problem.Message;
            }
        }

        public override string ToString() => Name + (IsValid ? ": OK" : ": " + Problem);
    }
}
