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
    /// The SDK's quick_edit: check -> create -> upload -> edit -> wait -> (export -> wait), as a run that a run
    /// record remembers step by step, so the same command run again continues it. Every check runs before anything
    /// is created; the project is created once and its id kept before uploading; the edit starts only when every file
    /// is uploaded (unless a partial set is allowed), and is never requested twice.
    /// </summary>
    public sealed class ImagenEditWorkflow
    {
        private readonly ImagenClient _client;
        private readonly Action<string>? _warning;

        /// <param name="client">The client to run with.</param>
        /// <param name="warning">Where to say things the user must see without -Verbose (a new project instead of a resume, files left out).</param>
        public ImagenEditWorkflow(ImagenClient client, Action<string>? warning = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _warning = warning;
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
            if (request.WaitTimeout.HasValue && request.WaitTimeout.Value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(request), request.WaitTimeout, "WaitTimeout must be positive.");
            }

            return new ImagenEditPlan(files, profile, options, name, generated, request.Export, request.Wait, request.ThrottleLimit, request.PollInterval, validation)
            {
                NewProject = request.NewProject,
                AllowPartialUpload = request.AllowPartialUpload,
                WaitTimeout = request.WaitTimeout,
                RunStore = request.RunStore ?? new ImagenRunStore(),
                LockWait = request.LockWait,
            };
        }

        /// <summary><see cref="PrepareAsync"/> then <see cref="RunAsync(ImagenEditPlan, IProgress{ImagenWorkflowProgress}, CancellationToken)"/>.</summary>
        public async Task<ImagenEditResult> RunAsync(ImagenEditWorkflowRequest request, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var plan = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            return await RunAsync(plan, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Runs a checked plan, driving its run record (see <see cref="ImagenRunRecord"/>): under the shoot's lock,
        /// the newest record of the same photos with the same settings is continued (only unfinished uploads are
        /// sent; /edit and /export are never sent twice, and an unanswered one is settled by reading the status);
        /// otherwise a new record and project are started. Returns the result when everything asked for completed
        /// (or was submitted, without Wait); throws <see cref="ImagenWorkflowException"/> carrying the result when
        /// files could not be uploaded (before billing), when the edit/export failed, or when a billed run stops
        /// (the message says the project is billed and that re-running the command collects it).
        /// </summary>
        public async Task<ImagenEditResult> RunAsync(ImagenEditPlan plan, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            var store = plan.RunStore ?? new ImagenRunStore();
            var shootKey = ImagenRunStore.ShootKeyFor(plan.Files);
            var folder = Path.GetDirectoryName(plan.Files.FirstOrDefault() ?? string.Empty);
            _client.Log.Debug("Run records: " + store.Directory + ". " + _client.Options.Describe());
            using (var runLock = await store.LockAsync(shootKey, $"Invoke-ImagenEdit of {plan.Files.Count} files in '{folder}'", plan.LockWait, cancellationToken).ConfigureAwait(false))
            {
                var (record, resumed) = OpenRecord(store, shootKey, plan);
                CurrentRecord = record;
                runLock.Describe($"run {record.RunId} of {plan.Files.Count} files in '{folder}'" + (record.ProjectId != null ? $" (project {record.ProjectId})" : string.Empty));
                try
                {
                    return await ContinueAsync(plan, record, resumed, progress, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (StopAdvice(record, error) is { } advice && !(error is ImagenWorkflowException) && !(error is OperationCanceledException && cancellationToken.IsCancellationRequested))
                {
                    // After billing, only the run record is written locally: its failure (a full disk) must not hide the bill.
                    var local = ImagenLocalWriteException.IsLocalWriteFailure(error) ? new ImagenLocalWriteException(record.Folder, error, runRecord: true) : null;
                    try
                    {
                        record.Stopped(error.Message);
                    }
                    catch (Exception again) when (ImagenLocalWriteException.IsLocalWriteFailure(again))
                    {
                        // The same full disk: the record keeps its last state, which the next run continues from.
                    }

                    var result = ResultOf(plan, record, null, resumed);
                    throw new ImagenWorkflowException(
                        local == null ? $"{error.Message} {advice}" : $"{local.Message} {advice} {(local.Problem == ImagenLocalWriteProblem.DiskFull ? "Free space there" : "Make that folder writable")} first.",
                        error is ImagenException imagen ? imagen.ErrorId : local != null ? ImagenErrorIds.LocalWriteFailed : ImagenErrorIds.ConnectionFailed,
                        result,
                        error);
                }
            }
        }

        /// <summary>The record of the run in progress (or last run) of this workflow, once chosen; read by a cmdlet's Ctrl+C handler.</summary>
        public ImagenRunRecord? CurrentRecord { get; private set; }

        /// <summary>What a stopped, billed run tells the user: which project is billed and how to collect it.</summary>
        private static string BilledAdvice(ImagenRunRecord record) =>
            $"Project '{record.ProjectName}' ({record.ProjectId}) is billed and stays on the service: run the same command again to collect it (run {record.RunId}); nothing is billed again.";

        /// <summary>
        /// What a run that stops now (on <paramref name="error"/>, or Ctrl+C) must tell the user, or null when nothing
        /// is billed: billed once /edit was accepted; maybe billed while /edit is sent and unanswered, unless the
        /// service refused it outright.
        /// </summary>
        public static string? StopAdvice(ImagenRunRecord record, Exception? error = null)
        {
            if (record.Billed)
            {
                return BilledAdvice(record);
            }

            var refused = error is ImagenApiException api && !api.IsTransient;
            return record.State == ImagenRunState.EditRequested && !refused
                ? $"The edit of project '{record.ProjectName}' ({record.ProjectId}) was sent and may already be billed: run the same command again; it asks the service and collects the edit without paying twice (run {record.RunId})."
                : null;
        }

        /// <summary>The record to continue (same photos, same settings, unchanged files) or a new one, saying why it is new.</summary>
        private (ImagenRunRecord Record, bool Resumed) OpenRecord(ImagenRunStore store, string shootKey, ImagenEditPlan plan)
        {
            var settings = plan.Settings;
            var current = plan.Files.Select(ImagenRunFile.FromDisk).ToList();
            var latest = store.FindLatest(shootKey);
            string? reason = null;
            if (latest != null && plan.NewProject)
            {
                _client.Log.Verbose($"-NewProject: starting a new project instead of continuing run {latest.RunId} (project {latest.ProjectId ?? "not created"}).");
            }
            else if (latest != null)
            {
                reason = Difference(latest, settings, current);
                if (reason == null)
                {
                    _client.Log.Verbose($"Continuing run {latest.RunId} (project '{latest.ProjectName}' {latest.ProjectId ?? "not created yet"}, {latest.State}): {latest.UploadedCount} of {latest.FileCount} files uploaded.");
                    return (latest, true);
                }

                var message = $"Starting a new project instead of continuing run {latest.RunId} (project {latest.ProjectId ?? "not created"}): {reason}";
                _client.Log.Verbose(message);
                _warning?.Invoke(message);
            }

            var record = store.Create(shootKey, current, settings, plan.ProjectName, plan.Export);
            _client.Log.Verbose($"Run {record.RunId} is recorded in '{record.Folder}'.");
            return (record, false);
        }

        /// <summary>Why an earlier record cannot be continued by this plan, or null when it can.</summary>
        private static string? Difference(ImagenRunRecord latest, IReadOnlyDictionary<string, string> settings, IReadOnlyList<ImagenRunFile> current)
        {
            var changed = settings.Keys.Union(latest.Settings.Keys)
                .Where(k => !string.Equals(settings.TryGetValue(k, out var now) ? now : null, latest.Settings.TryGetValue(k, out var then) ? then : null, StringComparison.Ordinal))
                .Select(k => $"{k} was '{(latest.Settings.TryGetValue(k, out var then) ? then : "(none)")}', now '{(settings.TryGetValue(k, out var now) ? now : "(none)")}'")
                .ToList();
            if (changed.Count > 0)
            {
                return "the options differ (" + string.Join("; ", changed) + ").";
            }

            var files = current.Where(f => latest.FindFile(f.Name) is ImagenRunFile then && !then.SameContentStamp(f)).Select(f => f.Name).ToList();
            if (files.Count > 0)
            {
                return $"{files.Count} file(s) changed since (size or time stamp): {string.Join(", ", files.Take(10))}{(files.Count > 10 ? ", ..." : string.Empty)}.";
            }

            return null;
        }

        private async Task<ImagenEditResult> ContinueAsync(ImagenEditPlan plan, ImagenRunRecord record, bool resumed, IProgress<ImagenWorkflowProgress>? progress, CancellationToken cancellationToken)
        {
            if (record.Status == ImagenRunStatus.Finished || (record.Status == ImagenRunStatus.Pending && record.State == ImagenRunState.EditDone && !plan.Export))
            {
                _client.Log.Verbose($"Run {record.RunId} already finished: project '{record.ProjectName}' ({record.ProjectId}). Nothing is uploaded or billed; its result is returned again.");
                Report(progress, ImagenWorkflowStage.Completed, record.ProjectId, "Already done");
                return ResultOf(plan, record, null, resumed);
            }

            if (record.Status == ImagenRunStatus.Failed)
            {
                var failed = ResultOf(plan, record, null, resumed);
                var what = record.State == ImagenRunState.EditFailed ? "edit" : "export";
                throw new ImagenWorkflowException(
                    $"The {what} of project '{record.ProjectName}' ({record.ProjectId}) failed in run {record.RunId}" + (record.LastError != null ? ": " + record.LastError : ".") + " Nothing was sent again; to edit the photos again (billed), add -NewProject.",
                    record.State == ImagenRunState.EditFailed ? ImagenErrorIds.EditFailed : ImagenErrorIds.ExportFailed,
                    failed);
            }

            var projectId = await EnsureProjectAsync(plan, record, resumed, progress, cancellationToken).ConfigureAwait(false);
            ImagenUploadSummary? upload = null;
            if (record.State < ImagenRunState.EditRequested)
            {
                upload = await UploadMissingAsync(plan, record, progress, cancellationToken).ConfigureAwait(false);
            }

            var result = ResultOf(plan, record, upload, resumed);
            var options = plan.Options.Clone();
            if (plan.Export && !plan.Wait)
            {
                // Nobody will be there to start the export: ask the service to chain it.
                options.Export = true;
            }

            if (record.State < ImagenRunState.EditAccepted)
            {
                Report(progress, ImagenWorkflowStage.StartingEdit, projectId, $"Starting the edit with profile {plan.Profile.ProfileKey} ({plan.Profile.ProfileName})");
                var accepted = await StartOnceAsync(record, ImagenJobKind.Edit, () => _client.StartEditAsync(projectId, plan.Profile.ProfileKey, options, cancellationToken), cancellationToken).ConfigureAwait(false);
                Apply(result, accepted);
            }

            result.EditStarted = true;
            result.Billed = true;
            if (!plan.Wait)
            {
                Report(progress, ImagenWorkflowStage.Completed, projectId, "Edit submitted");
                return result;
            }

            if (record.State == ImagenRunState.EditAccepted)
            {
                var editProgress = new SynchronousProgress<ImagenJobStatus>(st => Report(progress, ImagenWorkflowStage.Editing, projectId, "Editing: " + st, job: st));
                var edit = await _client.WaitForEditAsync(projectId, editProgress, cancellationToken, plan.PollInterval, plan.WaitTimeout).ConfigureAwait(false);
                Apply(result, edit);
                if (edit.State == ImagenJobState.Failed)
                {
                    record.Stopped(edit.Details ?? "the service reported Failed");
                    record.Transition(ImagenRunState.EditFailed);
                    throw new ImagenWorkflowException($"The edit of project '{result.ProjectName}' ({projectId}) failed" + Details(edit), ImagenErrorIds.EditFailed, result);
                }

                record.Transition(ImagenRunState.EditDone);
            }
            else
            {
                result.EditStatus = "Completed";
                result.EditState = ImagenJobState.Completed;
            }

            if (plan.Export)
            {
                if (record.State < ImagenRunState.ExportAccepted)
                {
                    Report(progress, ImagenWorkflowStage.StartingExport, projectId, "Starting the export");
                    var accepted = await StartOnceAsync(record, ImagenJobKind.Export, () => _client.StartExportAsync(projectId, cancellationToken), cancellationToken).ConfigureAwait(false);
                    Apply(result, accepted);
                }

                var exportProgress = new SynchronousProgress<ImagenJobStatus>(st => Report(progress, ImagenWorkflowStage.Exporting, projectId, "Exporting: " + st, job: st));
                var export = await _client.WaitForExportAsync(projectId, exportProgress, cancellationToken, plan.PollInterval, plan.WaitTimeout).ConfigureAwait(false);
                Apply(result, export);
                if (export.State == ImagenJobState.Failed)
                {
                    record.Stopped(export.Details ?? "the service reported Failed");
                    record.Transition(ImagenRunState.ExportFailed);
                    throw new ImagenWorkflowException($"The export of project '{result.ProjectName}' ({projectId}) failed" + Details(export), ImagenErrorIds.ExportFailed, result);
                }

                record.Transition(ImagenRunState.ExportDone);
            }

            Report(progress, ImagenWorkflowStage.Completed, projectId, "Done");
            return result;
        }

        /// <summary>
        /// The project of the record: created once, its name written down before the request and its id as soon as it
        /// is known. A create whose answer was lost is settled by looking the name up, never by creating another.
        /// </summary>
        private async Task<string> EnsureProjectAsync(ImagenEditPlan plan, ImagenRunRecord record, bool resumed, IProgress<ImagenWorkflowProgress>? progress, CancellationToken cancellationToken)
        {
            if (record.ProjectId != null)
            {
                return record.ProjectId;
            }

            // Only a create that a stopped run left unanswered is looked up by name; a refused one (LastError) is not.
            if (resumed && record.State == ImagenRunState.ProjectCreating && record.ProjectName != null && record.LastError == null)
            {
                var existing = await _client.GetProjectIdByNameAsync(record.ProjectName, cancellationToken).ConfigureAwait(false);
                if (existing != null)
                {
                    _client.Log.Verbose($"Project '{record.ProjectName}' had been created by the stopped run ({existing}); continuing it.");
                    record.ProjectCreated(existing, record.ProjectName);
                    return existing;
                }
            }

            var name = record.ProjectName ?? plan.ProjectName;
            Report(progress, ImagenWorkflowStage.CreatingProject, null, $"Creating project '{name}'");
            record.ProjectCreating(name);
            ImagenProject project;
            try
            {
                project = await CreateProjectAsync(plan, name, record, cancellationToken).ConfigureAwait(false);
            }
            catch (ImagenApiException refused) when (!refused.IsTransient)
            {
                // Refused, so nothing was created: a re-run must not adopt a project of that name.
                record.Stopped("The service refused to create the project: " + refused.Message);
                throw;
            }

            record.ProjectCreated(project.ProjectId, project.Name ?? name);
            _client.Log.Verbose($"Project '{record.ProjectName}' ({project.ProjectId}) created; recorded in run {record.RunId}.");
            return project.ProjectId;
        }

        /// <summary>
        /// Uploads every file of the record whose upload has not finished. Unless the plan allows a partial set, files
        /// that still fail stop the run here, before anything is billed, with one error naming them.
        /// </summary>
        private async Task<ImagenUploadSummary?> UploadMissingAsync(ImagenEditPlan plan, ImagenRunRecord record, IProgress<ImagenWorkflowProgress>? progress, CancellationToken cancellationToken)
        {
            var projectId = record.ProjectId!;
            var missing = record.Files.Where(f => !f.Uploaded).ToList();
            ImagenUploadSummary? upload = null;
            if (missing.Count > 0)
            {
                if (record.UploadedCount > 0)
                {
                    _client.Log.Verbose($"{record.UploadedCount} files were uploaded by an earlier run; uploading the other {missing.Count}.");
                }

                var transfer = new SynchronousProgress<ImagenTransferProgress>(t =>
                    Report(progress, t.Operation == "Checksum" ? ImagenWorkflowStage.Checksumming : ImagenWorkflowStage.Uploading, projectId, $"{t.Operation}: {t.CompletedFiles + t.FailedFiles} of {t.TotalFiles} files", t));
                var items = missing.Select(f => new ImagenClient.ImagenUploadItem(f.Path, f.Md5)).ToList();
                upload = await _client.UploadAsync(projectId, items, transfer, plan.ThrottleLimit, record, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                _client.Log.Verbose($"All {record.FileCount} files were uploaded by an earlier run.");
            }

            var notUploaded = record.Files.Where(f => !f.Uploaded).ToList();
            if (notUploaded.Count == 0)
            {
                return upload;
            }

            var reasons = upload?.Failures.ToDictionary(f => f.FileName, f => f.Error, StringComparer.OrdinalIgnoreCase) ?? new Dictionary<string, string?>();
            var list = string.Join("; ", notUploaded.Select(f => reasons.TryGetValue(f.Name, out var why) && why != null ? why : f.Name));
            if (plan.AllowPartialUpload && notUploaded.Count < record.FileCount)
            {
                var message = $"{notUploaded.Count} of {record.FileCount} files could not be uploaded and are left out of the edit (-AllowPartialUpload): {string.Join(", ", notUploaded.Select(f => f.Name))}.";
                _client.Log.Verbose(message);
                _warning?.Invoke(message);
                return upload;
            }

            var stop = $"{notUploaded.Count} of {record.FileCount} files could not be uploaded to project '{record.ProjectName}' ({projectId}), so the edit was not started and nothing was billed: {list}";
            record.Stopped(stop);
            var errorId = notUploaded.Count == record.FileCount ? ImagenErrorIds.AllUploadsFailed : ImagenErrorIds.UploadsIncomplete;
            throw new ImagenWorkflowException(stop, errorId, ResultOf(plan, record, upload, resumed: false));
        }

        /// <summary>
        /// Sends /edit or /export at most once per run: the request is written down before it goes out and its
        /// acceptance when it is answered. A request written down but never answered (the run stopped in between) is
        /// settled by the status: sent again only if the job never started.
        /// </summary>
        private async Task<ImagenJobStatus> StartOnceAsync(ImagenRunRecord record, ImagenJobKind kind, Func<Task<ImagenJobStatus>> send, CancellationToken cancellationToken)
        {
            var requested = kind == ImagenJobKind.Edit ? ImagenRunState.EditRequested : ImagenRunState.ExportRequested;
            var accepted = kind == ImagenJobKind.Edit ? ImagenRunState.EditAccepted : ImagenRunState.ExportAccepted;
            var name = kind == ImagenJobKind.Edit ? "edit" : "export";

            // An export may already run without this run asking: chained by -Export -NoWait ("export": true on /edit).
            if (record.State == requested || kind == ImagenJobKind.Export)
            {
                var status = await _client.GetJobStatusAsync(record.ProjectId!, kind, cancellationToken).ConfigureAwait(false);
                if (status.State != ImagenJobState.Pending)
                {
                    _client.Log.Verbose(record.State == requested
                        ? $"The {name} request of the stopped run had reached the service ({status}); it is not sent again."
                        : $"The {name} of project {record.ProjectId} is already under way ({status}); it is not sent again.");
                    record.Transition(accepted);
                    return status;
                }

                if (record.State == requested)
                {
                    _client.Log.Verbose($"The {name} request of the stopped run never reached the service (status {status.Status}); sending it now.");
                }
            }

            record.Transition(requested);
            var answer = await send().ConfigureAwait(false);
            record.Transition(accepted);
            _client.Log.Verbose(kind == ImagenJobKind.Edit ? $"Project {record.ProjectId} is billed: the edit was accepted." : $"The export of project {record.ProjectId} was accepted.");
            return answer;
        }

        private static ImagenEditResult ResultOf(ImagenEditPlan plan, ImagenRunRecord record, ImagenUploadSummary? upload, bool resumed)
        {
            var result = new ImagenEditResult(plan, record, upload) { Resumed = resumed, Billed = record.Billed, EditStarted = record.State >= ImagenRunState.EditRequested };
            if (record.State >= ImagenRunState.EditDone && record.State != ImagenRunState.EditFailed)
            {
                result.EditStatus = "Completed";
                result.EditState = ImagenJobState.Completed;
            }
            else if (record.State == ImagenRunState.EditFailed)
            {
                result.EditStatus = "Failed";
                result.EditState = ImagenJobState.Failed;
            }

            if (record.State == ImagenRunState.ExportDone)
            {
                result.ExportStatus = "Completed";
                result.ExportState = ImagenJobState.Completed;
            }
            else if (record.State == ImagenRunState.ExportFailed)
            {
                result.ExportStatus = "Failed";
                result.ExportState = ImagenJobState.Failed;
            }

            return result;
        }

        /// <summary>
        /// Creates the plan's project. A generated name has one-second resolution, so two runs from the same folder
        /// can meet on it: then (and never for the user's own name) the name gets a short random suffix, once.
        /// </summary>
        private async Task<ImagenProject> CreateProjectAsync(ImagenEditPlan plan, string name, ImagenRunRecord record, CancellationToken cancellationToken)
        {
            try
            {
                return await _client.CreateProjectAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (ImagenApiException taken) when (plan.ProjectNameGenerated && IsNameTaken(taken))
            {
                var other = plan.ProjectName + "_" + Guid.NewGuid().ToString("N").Substring(0, 4);
                _client.Log.Verbose($"The project name '{name}' is already taken (another run in the same second); using '{other}'.");
                record.ProjectCreating(other);
                return await _client.CreateProjectAsync(other, cancellationToken).ConfigureAwait(false);
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
