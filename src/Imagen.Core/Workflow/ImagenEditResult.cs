using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>
    /// The outcome of one workflow run: one per project. Property names match the step cmdlets' parameters
    /// (ProjectId, ...) so the object binds down a pipeline.
    /// </summary>
    public sealed class ImagenEditResult
    {
        internal ImagenEditResult(ImagenEditPlan plan, ImagenProject project, ImagenUploadSummary? upload)
        {
            ProjectId = project.ProjectId;
            ProjectName = project.Name ?? plan.ProjectName;
            ProfileKey = plan.Profile.ProfileKey;
            ProfileName = plan.Profile.ProfileName;
            ImageType = plan.Profile.ImageType;
            FileCount = plan.Files.Count;
            ExportRequested = plan.Export;
            Upload = upload;
            Files = upload?.UploadedFiles ?? new Dictionary<string, string>();
        }

        public string ProjectId { get; }

        public string ProjectName { get; }

        public int ProfileKey { get; }

        public string ProfileName { get; }

        public string ImageType { get; }

        /// <summary>Edit status text as last read (null if the edit was not started).</summary>
        public string? EditStatus { get; internal set; }

        public ImagenJobState? EditState { get; internal set; }

        /// <summary>Export status text as last read (null if no export was asked for or reached).</summary>
        public string? ExportStatus { get; internal set; }

        public ImagenJobState? ExportState { get; internal set; }

        public bool ExportRequested { get; }

        public bool EditStarted { get; internal set; }

        /// <summary>Files given.</summary>
        public int FileCount { get; }

        public int UploadedCount => Upload?.Succeeded ?? 0;

        public int FailedCount => Upload?.Failed ?? 0;

        /// <summary>Uploaded name -> local path (where Save-ImagenResult puts sidecars by default).</summary>
        /// <remarks>A Dictionary&lt;string,string&gt; at runtime (case-insensitive keys).</remarks>
        public IReadOnlyDictionary<string, string> Files { get; }

        /// <summary>Files that could not be uploaded, each with its reason.</summary>
        public IReadOnlyList<ImagenUploadResult> Failures => Upload?.Failures ?? new List<ImagenUploadResult>();

        public ImagenUploadSummary? Upload { get; }

        /// <summary>The local original an output file (IMG_0001.xmp) belongs to, or null.</summary>
        public string? LocalPathForOutput(string outputFileName) => ImagenResultLayout.OriginalFor(outputFileName, Files);

        public override string ToString() => $"{ProjectName} ({ProjectId}): edit {EditStatus ?? "not started"}" + (ExportRequested ? ", export " + (ExportStatus ?? "not started") : string.Empty);
    }
}
