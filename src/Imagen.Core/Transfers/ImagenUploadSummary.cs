using System.Collections.Generic;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>The outcome of uploading a batch: per-file results, never an exception for one file's failure.</summary>
    public sealed class ImagenUploadSummary
    {
        internal ImagenUploadSummary(string projectId, IReadOnlyList<ImagenUploadResult> results)
        {
            ProjectId = projectId;
            Results = results;
            UploadedFiles = results.Where(r => r.Succeeded).ToDictionary(r => r.FileName, r => r.LocalPath, System.StringComparer.OrdinalIgnoreCase);
        }

        public string ProjectId { get; }

        /// <summary>One per file, in input order.</summary>
        public IReadOnlyList<ImagenUploadResult> Results { get; }

        public int Total => Results.Count;

        public int Succeeded => Results.Count(r => r.Succeeded);

        public int Failed => Results.Count(r => !r.Succeeded);

        public IReadOnlyList<ImagenUploadResult> Failures => Results.Where(r => !r.Succeeded).ToList();

        /// <summary>Uploaded name -> local path, for the files that made it (a Dictionary, so PowerShell binds it as IDictionary).</summary>
        public IReadOnlyDictionary<string, string> UploadedFiles { get; }
    }
}
