using System.Collections.Generic;
using System.Linq;

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

        /// <summary>A result read back from a run record: the same shape, whatever this invocation had to do.</summary>
        internal ImagenEditResult(ImagenEditPlan plan, ImagenRunRecord record, ImagenUploadSummary? upload)
            : this(plan, new ImagenProject(record.ProjectId!, record.ProjectName), upload)
        {
            Record = record;
            RunId = record.RunId;
            FileCount = record.FileCount;
            Files = record.Files.Where(f => f.Uploaded).ToDictionary(f => f.Name, f => f.Path, System.StringComparer.OrdinalIgnoreCase);
        }

        public string ProjectId { get; }

        /// <summary>The run record's id (Get-ImagenRun); Save-ImagenResult finds the record by ProjectId.</summary>
        public string? RunId { get; }

        /// <summary>True when this invocation continued an earlier run of the same command instead of starting one.</summary>
        public bool Resumed { get; internal set; }

        /// <summary>True once the service accepted the edit (the project is billed), in this invocation or an earlier one.</summary>
        public bool Billed { get; internal set; }

        internal ImagenRunRecord? Record { get; }

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

        /// <summary>Files of the project whose upload finished (in this invocation or an earlier one of the run).</summary>
        public int UploadedCount => Record?.UploadedCount ?? Upload?.Succeeded ?? 0;

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
