using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// The SDK's quick_edit: check -> create -> upload -> edit -> wait -> (export -> wait). Every check runs before
    /// anything is created; the project is created once and its id kept before uploading; the edit is not started
    /// when no file was uploaded.
    /// </summary>
    public sealed class ImagenEditWorkflow
    {
        private readonly ImagenClient _client;

        public ImagenEditWorkflow(ImagenClient client)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
        }

        /// <summary>
        /// Runs every local check (profile, files, options, names) and creates nothing. Throws
        /// <see cref="ImagenValidationException"/> listing every problem, or ImagenProfileNotFound.
        /// </summary>
        public async Task<ImagenEditPlan> PrepareAsync(ImagenEditWorkflowRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var profile = request.Profile;
            if (profile == null)
            {
                if (request.ProfileKey == null)
                {
                    throw new ArgumentException("Give a profile or a profile key.", nameof(request));
                }

                profile = await _client.GetProfileAsync(request.ProfileKey.Value, cancellationToken).ConfigureAwait(false);
            }

            var files = (request.Files ?? new List<string>()).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
            var validation = ProfileFileValidator.Validate(files, profile, request.InspectContent);
            var options = (request.Options ?? new ImagenEditOptions()).Clone();
            var problems = validation.Problems.Concat(options.Validate()).ToList();
            if (problems.Count > 0)
            {
                throw new ImagenValidationException(problems);
            }

            if (request.PollInterval.HasValue && request.PollInterval.Value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(request), request.PollInterval, "PollInterval must be positive.");
            }

            if (request.ThrottleLimit.HasValue && request.ThrottleLimit.Value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(request), request.ThrottleLimit, "ThrottleLimit must be at least 1.");
            }

            var generated = string.IsNullOrWhiteSpace(request.ProjectName);
            var name = generated ? DefaultProjectName(files, DateTime.Now) : request.ProjectName!.Trim();
            return new ImagenEditPlan(files, profile, options, name, generated, request.Export, request.Wait, request.ThrottleLimit, request.PollInterval, validation);
        }

        /// <summary><see cref="PrepareAsync"/> then <see cref="RunAsync(ImagenEditPlan, IProgress{ImagenWorkflowProgress}, CancellationToken)"/>.</summary>
        public async Task<ImagenEditResult> RunAsync(ImagenEditWorkflowRequest request, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var plan = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            return await RunAsync(plan, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs a checked plan. Returns the result when everything asked for completed (or was submitted, without
        /// Wait); throws <see cref="ImagenWorkflowException"/> carrying the partial result when every upload failed
        /// or the edit/export failed.
        /// </summary>
        public async Task<ImagenEditResult> RunAsync(ImagenEditPlan plan, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            Report(progress, ImagenWorkflowStage.CreatingProject, null, $"Creating project '{plan.ProjectName}'");
            var project = await CreateProjectAsync(plan, cancellationToken).ConfigureAwait(false);
            var projectId = project.ProjectId;

            var transfer = new SynchronousProgress<ImagenTransferProgress>(t =>
                Report(progress, t.Operation == "Checksum" ? ImagenWorkflowStage.Checksumming : ImagenWorkflowStage.Uploading, projectId, $"{t.Operation}: {t.CompletedFiles + t.FailedFiles} of {t.TotalFiles} files", t));
            var upload = await _client.UploadFilesAsync(projectId, plan.Files, transfer, plan.ThrottleLimit, cancellationToken).ConfigureAwait(false);
            var result = new ImagenEditResult(plan, project, upload);
            if (upload.Succeeded == 0)
            {
                throw new ImagenWorkflowException($"No file could be uploaded to project '{result.ProjectName}' ({projectId}), so the edit was not started: {string.Join(" ", upload.Failures.Select(f => f.Error))}", ImagenErrorIds.AllUploadsFailed, result);
            }

            var options = plan.Options.Clone();
            if (plan.Export && !plan.Wait)
            {
                // Nobody will be there to start the export: ask the service to chain it.
                options.Export = true;
            }

            Report(progress, ImagenWorkflowStage.StartingEdit, projectId, $"Starting the edit with profile {plan.Profile.ProfileKey} ({plan.Profile.ProfileName})");
            var edit = await _client.StartEditAsync(projectId, plan.Profile.ProfileKey, options, cancellationToken).ConfigureAwait(false);
            result.EditStarted = true;
            Apply(result, edit);
            if (!plan.Wait)
            {
                Report(progress, ImagenWorkflowStage.Completed, projectId, "Edit submitted");
                return result;
            }

            var editProgress = new SynchronousProgress<ImagenJobStatus>(s => Report(progress, ImagenWorkflowStage.Editing, projectId, "Editing: " + s, job: s));
            edit = await _client.WaitForEditAsync(projectId, editProgress, cancellationToken, plan.PollInterval).ConfigureAwait(false);
            Apply(result, edit);
            if (edit.State == ImagenJobState.Failed)
            {
                throw new ImagenWorkflowException($"The edit of project '{result.ProjectName}' ({projectId}) failed" + Details(edit), ImagenErrorIds.EditFailed, result);
            }

            if (plan.Export)
            {
                Report(progress, ImagenWorkflowStage.StartingExport, projectId, "Starting the export");
                var export = await _client.StartExportAsync(projectId, cancellationToken).ConfigureAwait(false);
                Apply(result, export);
                var exportProgress = new SynchronousProgress<ImagenJobStatus>(s => Report(progress, ImagenWorkflowStage.Exporting, projectId, "Exporting: " + s, job: s));
                export = await _client.WaitForExportAsync(projectId, exportProgress, cancellationToken, plan.PollInterval).ConfigureAwait(false);
                Apply(result, export);
                if (export.State == ImagenJobState.Failed)
                {
                    throw new ImagenWorkflowException($"The export of project '{result.ProjectName}' ({projectId}) failed" + Details(export), ImagenErrorIds.ExportFailed, result);
                }
            }

            Report(progress, ImagenWorkflowStage.Completed, projectId, "Done");
            return result;
        }

        /// <summary>
        /// Creates the plan's project. A generated name has one-second resolution, so two runs from the same folder
        /// can meet on it: then (and never for the user's own name) the name gets a short random suffix, once.
        /// </summary>
        private async Task<ImagenProject> CreateProjectAsync(ImagenEditPlan plan, CancellationToken cancellationToken)
        {
            try
            {
                return await _client.CreateProjectAsync(plan.ProjectName, cancellationToken).ConfigureAwait(false);
            }
            catch (ImagenApiException taken) when (plan.ProjectNameGenerated && IsNameTaken(taken))
            {
                var name = plan.ProjectName + "_" + Guid.NewGuid().ToString("N").Substring(0, 4);
                _client.Log.Verbose($"The project name '{plan.ProjectName}' is already taken (another run in the same second); using '{name}'.");
                return await _client.CreateProjectAsync(name, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The service's answer to a duplicate project name: a 4xx saying "... already exists" (status undocumented).</summary>
        private static bool IsNameTaken(ImagenApiException error) =>
            error.StatusCode >= 400 && error.StatusCode < 500 && !(error is ImagenAuthenticationException)
            && (error.ServerMessage ?? error.Message).IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// A readable, unique-enough project name: the photos' folder and the local time, e.g. "Smith_2026-11-24_0815".
        /// </summary>
        public static string DefaultProjectName(IEnumerable<string> files, DateTime localTime)
        {
            var first = files?.FirstOrDefault();
            var folder = first == null ? null : Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(first)));
            var builder = new StringBuilder();
            foreach (var c in folder ?? string.Empty)
            {
                builder.Append(char.IsLetterOrDigit(c) || c == '-' || c == '_' ? c : '_');
            }

            var stem = builder.ToString().Trim('_');
            if (stem.Length == 0)
            {
                stem = "Imagen";
            }

            return stem + "_" + localTime.ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
        }

        private static void Apply(ImagenEditResult result, ImagenJobStatus status)
        {
            if (status.Kind == ImagenJobKind.Edit)
            {
                result.EditStatus = status.Status;
                result.EditState = status.State;
            }
            else
            {
                result.ExportStatus = status.Status;
                result.ExportState = status.State;
            }
        }

        private static string Details(ImagenJobStatus status) => string.IsNullOrWhiteSpace(status.Details) ? "." : ": " + status.Details;

        private static void Report(IProgress<ImagenWorkflowProgress>? progress, ImagenWorkflowStage stage, string? projectId, string message, ImagenTransferProgress? transfer = null, ImagenJobStatus? job = null) =>
            progress?.Report(new ImagenWorkflowProgress(stage, projectId, message, transfer, job));
    }
}
