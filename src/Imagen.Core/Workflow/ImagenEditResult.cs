using System;
using System.Collections.Generic;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// The outcome of one shoot in one command: where its photos stand (edited, pending, failed, billed), its projects,
    /// and what this command did. Property names match the step cmdlets' parameters (ProjectId, ShootId, Files...) so
    /// the object binds down a pipeline: Save-ImagenResult delivers every project of the shoot.
    /// </summary>
    public sealed class ImagenEditResult
    {
        internal ImagenEditResult(ImagenEditPlan plan, ImagenShootPlan shoot, IReadOnlyList<ImagenRunRecord> projects, ImagenRunRecord? current, ImagenUploadSummary? upload)
        {
            Shoot = shoot.Name;
            Folder = shoot.Folder;
            ShootId = shoot.ShootId;
            RunPath = plan.RunStore.Directory;
            Projects = projects;
            var newest = current ?? projects.LastOrDefault(r => r.ProjectId != null);
            Record = newest;
            ProjectId = newest?.ProjectId;
            ProjectName = newest?.ProjectName ?? shoot.NewProjectName;
            RunId = newest?.RunId;
            ProfileKey = plan.Profile.ProfileKey;
            ProfileName = plan.Profile.ProfileName;
            ImageType = plan.Profile.ImageType;
            ExportRequested = plan.Export || projects.Any(r => r.Export);
            Upload = upload;
            var counts = ImagenShootCounts.Of(projects, shoot.Photos.Select(p => p.Name).ToList());
            PhotoCount = counts.Photos;
            EditedCount = counts.Edited;
            FailedCount = counts.Failed;
            PendingCount = counts.Pending;
            BilledCount = counts.Billed;
            PhotoFailures = counts.Failures;
            Billed = projects.Any(r => r.Billed);
            EditStarted = projects.Any(r => r.State >= ImagenRunState.EditRequested && r.State != ImagenRunState.SaveOnly);
            Files = projects.SelectMany(r => r.Files).GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Last().Path, StringComparer.OrdinalIgnoreCase);
            UploadedCount = projects.Sum(r => r.UploadedCount);
            (EditState, EditStatus) = Aggregate(projects.Where(r => r.State >= ImagenRunState.EditRequested).ToList(), ImagenJobKind.Edit);
            if (ExportRequested)
            {
                (ExportState, ExportStatus) = Aggregate(projects.Where(r => r.Export && r.State >= ImagenRunState.EditDone && r.State != ImagenRunState.EditFailed).ToList(), ImagenJobKind.Export);
            }
        }

        /// <summary>The shoot folder's name.</summary>
        public string Shoot { get; }

        /// <summary>The shoot folder.</summary>
        public string Folder { get; }

        /// <summary>The shoot's id in the run store (Get-ImagenRun -ShootId); Save-ImagenResult delivers all its projects by it.</summary>
        public string? ShootId { get; }

        /// <summary>The folder of the run records that remember the shoot (what -RunPath names).</summary>
        public string RunPath { get; }

        /// <summary>The project this command sent to an edit, else the shoot's newest project; null when the shoot has none yet.</summary>
        public string? ProjectId { get; }

        public string? ProjectName { get; }

        /// <summary>The run record of <see cref="ProjectId"/>.</summary>
        public string? RunId { get; }

        /// <summary>Every project of the shoot (run records), oldest first.</summary>
        public IReadOnlyList<ImagenRunRecord> Projects { get; }

        internal ImagenRunRecord? Record { get; }

        public int ProfileKey { get; }

        public string ProfileName { get; }

        public string ImageType { get; }

        /// <summary>The shoot's photos on disk now (of the profile's type).</summary>
        public int PhotoCount { get; }

        /// <summary>Photos whose edit completed.</summary>
        public int EditedCount { get; }

        /// <summary>Photos the service could not edit (see <see cref="PhotoFailures"/>): an error each.</summary>
        public int FailedCount { get; }

        /// <summary>Photos not edited yet: left for a later run, in an edit still running, or in a project not sent yet.</summary>
        public int PendingCount { get; }

        /// <summary>Photos billed over all the shoot's projects (each accepted edit's photos).</summary>
        public int BilledCount { get; }

        /// <summary>Photos this command sent to an edit (billed now).</summary>
        public int SentCount { get; internal set; }

        /// <summary>Photos of the shoot's projects whose upload finished.</summary>
        public int UploadedCount { get; }

        /// <summary>Same as <see cref="PhotoCount"/>.</summary>
        public int FileCount => PhotoCount;

        /// <summary>True when the shoot had projects before this command (it continued or collected them, or found nothing new).</summary>
        public bool Resumed { get; internal set; }

        /// <summary>True once a project of the shoot was billed, in this command or an earlier one.</summary>
        public bool Billed { get; }

        public bool EditStarted { get; }

        public bool ExportRequested { get; }

        /// <summary>The shoot's edit: Completed when every project's edit completed; In Progress while one runs; Failed when one failed; null before any.</summary>
        public string? EditStatus { get; }

        public ImagenJobState? EditState { get; }

        /// <summary>The shoot's export, the same way, over its edited projects (null before any project is edited, or when no export was asked for).</summary>
        public string? ExportStatus { get; }

        public ImagenJobState? ExportState { get; }

        /// <summary>Photos the service could not edit, each with its reason.</summary>
        public IReadOnlyList<ImagenPhotoFailure> PhotoFailures { get; }

        /// <summary>Photo name -> local path of every photo of the shoot's projects (where Save-ImagenResult puts sidecars).</summary>
        /// <remarks>A Dictionary&lt;string,string&gt; at runtime (case-insensitive keys).</remarks>
        public IReadOnlyDictionary<string, string> Files { get; }

        /// <summary>Photos this command could not upload, each with its reason.</summary>
        public IReadOnlyList<ImagenUploadResult> Failures => Upload?.Failures ?? new List<ImagenUploadResult>();

        /// <summary>This command's upload (the last project it uploaded to), if any.</summary>
        public ImagenUploadSummary? Upload { get; }

        /// <summary>
        /// The projects whose edit or export ended in this command (their failed photos and failures are news; those of
        /// earlier commands were reported then).
        /// </summary>
        public IReadOnlyList<string> SettledNow { get; internal set; } = Array.Empty<string>();

        /// <summary>Photos left for a later run (still being written).</summary>
        public IReadOnlyList<string> Deferred { get; internal set; } = Array.Empty<string>();

        /// <summary>Edited photos whose bytes changed since (not sent again without -NewProject).</summary>
        public IReadOnlyList<string> Changed { get; internal set; } = Array.Empty<string>();

        /// <summary>The local original an output file (IMG_0001.xmp) belongs to, or null.</summary>
        public string? LocalPathForOutput(string outputFileName) => ImagenResultLayout.OriginalFor(outputFileName, Files);

        /// <summary>"8 of 9 photos edited" and what is pending or failed.</summary>
        public string PhotoSummary =>
            $"{EditedCount} of {PhotoCount} photo(s) edited" + (FailedCount > 0 ? $", {FailedCount} failed" : string.Empty) + (PendingCount > 0 ? $", {PendingCount} pending" : string.Empty);

        public override string ToString() => $"{Shoot}: {PhotoSummary}" + (ProjectId != null ? $" (project {ProjectName} {ProjectId})" : string.Empty);

        private static (ImagenJobState?, string?) Aggregate(IReadOnlyList<ImagenRunRecord> projects, ImagenJobKind kind)
        {
            projects = projects.Where(r => r.State != ImagenRunState.SaveOnly).ToList();
            if (projects.Count == 0)
            {
                return (null, null);
            }

            var failed = kind == ImagenJobKind.Edit ? ImagenRunState.EditFailed : ImagenRunState.ExportFailed;
            var done = kind == ImagenJobKind.Edit ? ImagenRunState.EditDone : ImagenRunState.ExportDone;
            if (projects.Any(r => r.State == failed))
            {
                return (ImagenJobState.Failed, "Failed");
            }

            var finished = projects.All(r => r.State == done || (kind == ImagenJobKind.Edit && r.State > ImagenRunState.EditFailed) || r.State == ImagenRunState.ExportDone);
            return finished ? (ImagenJobState.Completed, "Completed") : (ImagenJobState.InProgress, "In Progress");
        }
    }
}
