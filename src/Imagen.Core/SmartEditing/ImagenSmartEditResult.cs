using System;
using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>
    /// What <see cref="ImagenSmartEditWorkflow"/> did: the project and its run record, the originals (name -> local
    /// path, so Save-ImagenResult can place results beside them), this command's uploads and, once Completed, the
    /// finished JPEGs' links. Property names match the step cmdlets' parameters, so it binds down a pipeline.
    /// </summary>
    public sealed class ImagenSmartEditResult
    {
        internal ImagenSmartEditResult(ImagenRunRecord record, ImagenUploadSummary? upload, ImagenJobStatus? status, IReadOnlyList<ImagenDownloadLink> links)
        {
            ProjectId = record.ProjectId;
            ProjectName = record.ProjectName;
            RunId = record.RunId;
            ShootId = record.ShootId;
            Files = record.Originals;
            FileCount = record.FileCount;
            UploadedCount = record.UploadedCount;
            Billed = record.Billed;
            Upload = upload ?? new ImagenUploadSummary(record.ProjectId ?? string.Empty, Array.Empty<ImagenUploadResult>());
            Status = status?.Status;
            State = status?.State;
            Links = links;
        }

        /// <summary>The Smart Editing project; null when the command stopped before it was created.</summary>
        public string? ProjectId { get; }

        public string? ProjectName { get; }

        /// <summary>Always SmartEdit: lets the step cmdlets bind the family from the pipeline.</summary>
        public ImagenProjectSource Source => ImagenProjectSource.SmartEdit;

        /// <summary>The project's status text as the server last sent it (null when editing was not started).</summary>
        public string? Status { get; }

        public ImagenJobState? State { get; }

        /// <summary>The run record of the project (Get-ImagenRun, Remove-ImagenRun).</summary>
        public string RunId { get; }

        /// <summary>The shoot (the photos' folder) in the run store: Get-ImagenRun -ShootId shows it.</summary>
        public string? ShootId { get; }

        /// <summary>True when this command continued a run an earlier one started (stopped, killed, or finished).</summary>
        public bool Resumed { get; internal set; }

        /// <summary>True when this command sent the Smart Edit (and so billed it); false when an earlier run had.</summary>
        public bool SentEdit { get; internal set; }

        /// <summary>True once the service accepted the Smart Edit: the project is billed.</summary>
        public bool Billed { get; }

        /// <summary>Uploaded name -> local path of every original of the project.</summary>
        public IReadOnlyDictionary<string, string> Files { get; }

        public int FileCount { get; }

        /// <summary>Originals whose upload finished, over every run of the project.</summary>
        public int UploadedCount { get; }

        /// <summary>What this command uploaded (empty when an earlier run had uploaded everything).</summary>
        public ImagenUploadSummary Upload { get; }

        public IReadOnlyList<ImagenUploadResult> Failures => Upload.Failures;

        /// <summary>The finished JPEGs (empty unless Completed).</summary>
        public IReadOnlyList<ImagenDownloadLink> Links { get; }

        public override string ToString() => $"{ProjectName ?? ProjectId}: Smart Edit {Status ?? "not started"}, {Links.Count} JPEGs";
    }
}
