using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>
    /// What <see cref="ImagenClient.RunSmartEditAsync"/> did: the project, the uploaded files (name -> local path, so
    /// Save-ImagenResult can place results beside them) and, once Completed, the finished JPEGs' links.
    /// </summary>
    public sealed class ImagenSmartEditResult
    {
        internal ImagenSmartEditResult(ImagenProject project, ImagenUploadSummary upload, ImagenJobStatus? status, IReadOnlyList<ImagenDownloadLink> links)
        {
            ProjectId = project.ProjectId;
            ProjectName = project.Name;
            Upload = upload;
            Files = upload.UploadedFiles;
            Status = status?.Status;
            State = status?.State;
            Links = links;
        }

        public string ProjectId { get; }

        public string? ProjectName { get; }

        /// <summary>Always SmartEdit: lets the step cmdlets bind the family from the pipeline.</summary>
        public ImagenProjectSource Source => ImagenProjectSource.SmartEdit;

        /// <summary>The project's status text as the server last sent it (null when editing was not started).</summary>
        public string? Status { get; }

        public ImagenJobState? State { get; }

        /// <summary>Uploaded name -> local path.</summary>
        public IReadOnlyDictionary<string, string> Files { get; }

        public ImagenUploadSummary Upload { get; }

        public IReadOnlyList<ImagenUploadResult> Failures => Upload.Failures;

        /// <summary>The finished JPEGs (empty unless Completed).</summary>
        public IReadOnlyList<ImagenDownloadLink> Links { get; }

        public override string ToString() => $"{ProjectName ?? ProjectId}: Smart Edit {Status ?? "not started"}, {Links.Count} JPEGs";
    }
}
