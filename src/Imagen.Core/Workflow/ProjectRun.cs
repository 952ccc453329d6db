using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// One project of a shoot driven from where its run record stands to where the command wants it: created once
    /// (looked up by name first), every photo uploaded, the photos checked against the disk just before the edit, the
    /// edit and the export each requested once (an unanswered request is settled by the status), waited for, and the
    /// photos the service could not edit recorded. Each transition is written to the record before its request.
    /// </summary>
    internal sealed class ProjectRun
    {
        private const int MostRecheckRounds = 3;
        private readonly ImagenClient _client;
        private readonly ImagenEditPlan _plan;
        private readonly ImagenRunRecord _record;
        private readonly IProgress<ImagenWorkflowProgress>? _progress;
        private readonly Action<string>? _warning;

        public ProjectRun(ImagenClient client, ImagenEditPlan plan, ImagenRunRecord record, IProgress<ImagenWorkflowProgress>? progress, Action<string>? warning)
        {
            _client = client;
            _plan = plan;
            _record = record;
            _progress = progress;
            _warning = warning;
        }

        /// <summary>The upload of this invocation, if it uploaded anything.</summary>
        public ImagenUploadSummary? Upload { get; private set; }

        /// <summary>True when this invocation sent the edit (and so billed it).</summary>
        public bool SentEdit { get; private set; }

        public ImagenJobStatus? EditStatus { get; private set; }

        public ImagenJobStatus? ExportStatus { get; private set; }

        /// <summary>
        /// Drives the project. Returns when the edit (and export, if asked) finished, or was submitted without waiting.
        /// Throws an <see cref="ImagenException"/> when uploads fail before billing or a request is refused.
        /// </summary>
        public async Task RunAsync(bool exportAsked, CancellationToken cancellationToken)
        {
            if (exportAsked && _record.State >= ImagenRunState.EditAccepted && _record.State != ImagenRunState.EditFailed)
            {
                _record.RequestExport();
            }

            if (_record.State < ImagenRunState.EditRequested)
            {
                var projectId = await EnsureProjectAsync(cancellationToken).ConfigureAwait(false);
                if (_record.State < ImagenRunState.EditRequested)
                {
                    await UploadMissingAsync(projectId, cancellationToken).ConfigureAwait(false);
                    await RecheckAsync(projectId, cancellationToken).ConfigureAwait(false);
                }
            }

            if (_record.State < ImagenRunState.EditAccepted)
            {
                var options = _plan.Options.Clone();
                if (_record.Export && !_plan.Wait)
                {
                    // Nobody will be there to start the export: ask the service to chain it.
                    options.Export = true;
                }

                Report(ImagenWorkflowStage.StartingEdit, $"Starting the edit of {_record.FileCount} photo(s) with profile {_plan.Profile.ProfileKey} ({_plan.Profile.ProfileName})");
                EditStatus = await StartOnceAsync(ImagenJobKind.Edit, () => _client.StartEditAsync(_record.ProjectId!, _plan.Profile.ProfileKey, options, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            if (!_plan.Wait)
            {
                return;
            }

            if (_record.State == ImagenRunState.EditAccepted)
            {
                var projectId = _record.ProjectId!;
                var watch = new SynchronousProgress<ImagenJobStatus>(st => Report(ImagenWorkflowStage.Editing, "Editing: " + st, job: st));
                EditStatus = await _client.WaitForEditAsync(projectId, watch, cancellationToken, _plan.PollInterval, _plan.WaitTimeout).ConfigureAwait(false);
                if (EditStatus.State == ImagenJobState.Failed)
                {
                    // The whole edit failed: every photo of it is a photo the service could not edit, for the same reason.
                    var reason = EditStatus.Details ?? "the service reported the edit Failed";
                    _record.Transition(ImagenRunState.EditFailed);
                    _record.PhotosFailed(_record.Files.Where(f => f.Uploaded).ToDictionary(f => f.Name, f => reason, StringComparer.OrdinalIgnoreCase));
                    _record.Stopped(reason);
                    return;
                }

                await RecordFailedPhotosAsync(EditStatus, cancellationToken).ConfigureAwait(false);
                _record.Transition(ImagenRunState.EditDone);
            }

            if (_record.Export && (_record.State == ImagenRunState.EditDone || _record.State == ImagenRunState.ExportRequested || _record.State == ImagenRunState.ExportAccepted))
            {
                await ExportAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task ExportAsync(CancellationToken cancellationToken)
        {
            var projectId = _record.ProjectId!;
            if (_record.State < ImagenRunState.ExportAccepted)
            {
                Report(ImagenWorkflowStage.StartingExport, "Starting the export");
                ExportStatus = await StartOnceAsync(ImagenJobKind.Export, () => _client.StartExportAsync(projectId, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            var watch = new SynchronousProgress<ImagenJobStatus>(st => Report(ImagenWorkflowStage.Exporting, "Exporting: " + st, job: st));
            ExportStatus = await _client.WaitForExportAsync(projectId, watch, cancellationToken, _plan.PollInterval, _plan.WaitTimeout).ConfigureAwait(false);
            if (ExportStatus.State == ImagenJobState.Failed)
            {
                _record.Transition(ImagenRunState.ExportFailed);
                _record.Stopped(ExportStatus.Details ?? "the service reported the export Failed");
                return;
            }

            _record.Transition(ImagenRunState.ExportDone);
        }

        /// <summary>
        /// The photos of the completed edit that the service could not edit: those its details name, and (unless HDR
        /// merging, where several photos give one output) those without an output.
        /// </summary>
        private async Task RecordFailedPhotosAsync(ImagenJobStatus edit, CancellationToken cancellationToken)
        {
            var outputs = await _client.GetEditDownloadLinksAsync(_record.ProjectId!, cancellationToken).ConfigureAwait(false);
            var stems = new HashSet<string>(outputs.Select(o => Path.GetFileNameWithoutExtension(o.FileName)), StringComparer.OrdinalIgnoreCase);
            var merging = _plan.Options.HdrMerge == true;
            var failed = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in _record.Files.Where(f => f.Uploaded))
            {
                if (FoundProject.Mentions(edit.Details, file.Name))
                {
                    failed[file.Name] = ReasonFor(edit.Details!, file.Name);
                }
                else if (!merging && !stems.Contains(Path.GetFileNameWithoutExtension(file.Name)))
                {
                    failed[file.Name] = "the service returned no result for it" + (string.IsNullOrWhiteSpace(edit.Details) ? "." : ": " + edit.Details);
                }
            }

            if (failed.Count > 0)
            {
                _client.Log.Verbose($"{failed.Count} of {_record.FileCount} photo(s) of project {_record.ProjectId} could not be edited: {string.Join(", ", failed.Keys)}.");
            }

            _record.PhotosFailed(failed);
        }

        /// <summary>The service's words about one photo: the parenthesis after its quoted name, else the whole details.</summary>
        internal static string ReasonFor(string details, string name)
        {
            var at = details.IndexOf("'" + name + "'", StringComparison.OrdinalIgnoreCase);
            var open = at < 0 ? -1 : at + name.Length + 2;
            if (open >= 0 && open + 1 < details.Length && details.Substring(open).TrimStart().StartsWith("(", StringComparison.Ordinal))
            {
                var start = details.IndexOf('(', open) + 1;
                var depth = 1;
                for (var i = start; i < details.Length; i++)
                {
                    depth += details[i] == '(' ? 1 : details[i] == ')' ? -1 : 0;
                    if (depth == 0)
                    {
                        return details.Substring(start, i - start);
                    }
                }
            }

            return details;
        }

        /// <summary>
        /// The project of the record: created once, its name written down before the request and its id as soon as it
        /// is known. The name is looked up first (and again when the service says it is taken), so a project another
        /// path, machine or account, or a run whose record was lost, created for the same photos is continued or
        /// collected, never created or billed twice.
        /// </summary>
        private async Task<string> EnsureProjectAsync(CancellationToken cancellationToken)
        {
            if (_record.ProjectId != null)
            {
                return _record.ProjectId;
            }

            var name = _record.ProjectName ?? throw new InvalidOperationException("A project is created with its name.");
            var existing = await _client.GetProjectIdByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing == null)
            {
                Report(ImagenWorkflowStage.CreatingProject, $"Creating project '{name}'");
                _record.ProjectCreating(name);
                try
                {
                    var project = await _client.CreateProjectAsync(name, cancellationToken).ConfigureAwait(false);
                    _record.ProjectCreated(project.ProjectId, project.Name ?? name);
                    _client.Log.Verbose($"Project '{_record.ProjectName}' ({project.ProjectId}) created; recorded in run {_record.RunId}.");
                    return project.ProjectId;
                }
                catch (ImagenApiException taken) when (IsNameTaken(taken))
                {
                    // Created a moment ago by another process: the service answers for it.
                    existing = await _client.GetProjectIdByNameAsync(name, cancellationToken).ConfigureAwait(false);
                    if (existing == null)
                    {
                        throw;
                    }
                }
                catch (ImagenApiException refused) when (!refused.IsTransient)
                {
                    // Refused, so nothing was created.
                    _record.Stopped("The service refused to create the project: " + refused.Message);
                    throw;
                }
            }

            return await ContinueExistingAsync(existing, name, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A project of this name exists. Not edited yet: its photos go up to it. Edited (or being edited) under a name
        /// this module gave these very photos (its fingerprint): another run sent them, so it is collected, not billed
        /// again. Edited under a user's name: it holds other photos, and is refused before anything is billed.
        /// </summary>
        private async Task<string> ContinueExistingAsync(string existing, string name, CancellationToken cancellationToken)
        {
            var edit = await _client.GetJobStatusAsync(existing, ImagenJobKind.Edit, cancellationToken).ConfigureAwait(false);
            if (edit.State == ImagenJobState.Pending || edit.State == ImagenJobState.Unknown)
            {
                _client.Log.Verbose($"Project '{name}' already exists on the service ({existing}), not edited yet: its photos are uploaded to it instead of creating another.");
                _record.ProjectCreated(existing, name);
                return existing;
            }

            if (IsNameOfTheseFiles(name))
            {
                _client.Log.Verbose($"Project '{name}' ({existing}) holds these very photos and was sent to an edit by another run ({edit.Status}); it is collected, not billed again.");
                _record.ProjectCreated(existing, name);
                _record.Transition(ImagenRunState.EditAccepted);
                return existing;
            }

            var refusal = $"A project named '{name}' already exists on the service and was edited ({edit.Status}); it is not one this shoot can add photos to. Nothing was billed. Give another -ProjectName, or leave -ProjectName out.";
            _record.Stopped(refusal);
            throw new ImagenException(refusal, ImagenErrorIds.ProjectCreateFailed);
        }

        /// <summary>True when <paramref name="name"/> is the module's name for exactly this record's photos (their fingerprint).</summary>
        private bool IsNameOfTheseFiles(string name) =>
            ImagenProjectNames.TryParse(name, out _, out var count, out var fingerprint, out _)
            && count == _record.FileCount
            && fingerprint == ImagenProjectNames.Fingerprint(_record.Files.Select(f => (f.Name, f.Length)).ToList());

        /// <summary>The service's answer to a duplicate project name: a 4xx saying "... already exists" (status undocumented).</summary>
        internal static bool IsNameTaken(ImagenApiException error) =>
            error.StatusCode >= 400 && error.StatusCode < 500 && !(error is ImagenAuthenticationException)
            && (error.ServerMessage ?? error.Message).IndexOf("already exists", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// Uploads every photo of the record whose upload has not finished. A photo that left the folder before it
        /// went up was culled and leaves the project. Unless the plan allows a partial set, photos that still fail
        /// stop the run here, before anything is billed, with one error naming them.
        /// </summary>
        private async Task UploadMissingAsync(string projectId, CancellationToken cancellationToken)
        {
            var culled = _record.Files.Where(f => !f.Uploaded && !File.Exists(f.Path)).Select(f => f.Name).ToList();
            if (culled.Count > 0)
            {
                _client.Log.Verbose($"{culled.Count} photo(s) left the folder before they went up and leave project '{_record.ProjectName}': {string.Join(", ", culled)}.");
                _record.FilesCulled(culled);
            }

            var missing = _record.Files.Where(f => !f.Uploaded).ToList();
            if (missing.Count > 0)
            {
                if (_record.UploadedCount > 0)
                {
                    _client.Log.Verbose($"{_record.UploadedCount} photo(s) of project '{_record.ProjectName}' are uploaded already; uploading the other {missing.Count}.");
                }

                var transfer = new SynchronousProgress<ImagenTransferProgress>(t =>
                    Report(t.Operation == "Checksum" ? ImagenWorkflowStage.Checksumming : ImagenWorkflowStage.Uploading, $"{t.Operation}: {t.CompletedFiles + t.FailedFiles} of {t.TotalFiles} files", t));
                var items = missing.Select(f => new ImagenClient.ImagenUploadItem(f.Path, f.Md5)).ToList();
                Upload = await _client.UploadAsync(projectId, items, transfer, _plan.ThrottleLimit, _record, cancellationToken).ConfigureAwait(false);
            }

            var notUploaded = _record.Files.Where(f => !f.Uploaded).ToList();
            if (notUploaded.Count == 0)
            {
                return;
            }

            var reasons = Upload?.Failures.ToDictionary(f => f.FileName, f => f.Error, StringComparer.OrdinalIgnoreCase) ?? new Dictionary<string, string?>();
            var list = string.Join("; ", notUploaded.Select(f => reasons.TryGetValue(f.Name, out var why) && why != null ? why : f.Name));
            if (_plan.AllowPartialUpload && notUploaded.Count < _record.FileCount)
            {
                var message = $"{notUploaded.Count} of {_record.FileCount} files could not be uploaded and are left out of the edit (-AllowPartialUpload): {string.Join(", ", notUploaded.Select(f => f.Name))}.";
                _client.Log.Verbose(message);
                _warning?.Invoke(message);
                _record.FilesCulled(notUploaded.Select(f => f.Name).ToList());
                return;
            }

            var stop = $"{notUploaded.Count} of {_record.FileCount} files could not be uploaded to project '{_record.ProjectName}' ({projectId}), so the edit was not started and nothing was billed: {list}";
            _record.Stopped(stop);
            throw new ImagenException(stop, notUploaded.Count == _record.FileCount ? ImagenErrorIds.AllUploadsFailed : ImagenErrorIds.UploadsIncomplete);
        }

        /// <summary>
        /// Just before the edit, every uploaded photo is checked against the disk: one whose size or time stamp changed
        /// since it was recorded is hashed again and, when its bytes differ from what went up, uploaded again, so the
        /// service edits the bytes on disk. A photo that keeps changing stops the run before billing.
        /// </summary>
        private async Task RecheckAsync(string projectId, CancellationToken cancellationToken)
        {
            for (var round = 0; ; round++)
            {
                var changed = new List<string>();
                foreach (var file in _record.Files.Where(f => f.Uploaded))
                {
                    var now = new FileInfo(file.Path);
                    if (!now.Exists || (now.Length == file.Length && now.LastWriteTimeUtc == file.LastWriteTimeUtc))
                    {
                        continue;
                    }

                    var md5 = Md5Hasher.ComputeBase64(file.Path, null, cancellationToken);
                    var moved = file.Md5 == null || !string.Equals(md5, file.Md5, StringComparison.Ordinal);
                    _record.FileChanged(file.Name, now.Length, now.LastWriteTimeUtc, md5, uploaded: !moved);
                    if (moved)
                    {
                        changed.Add(file.Name);
                    }
                }

                if (changed.Count == 0)
                {
                    return;
                }

                if (round == MostRecheckRounds)
                {
                    var stop = $"{changed.Count} photo(s) kept changing on disk while project '{_record.ProjectName}' ({projectId}) was being prepared: {string.Join(", ", changed)}. The edit was not started and nothing was billed; run the same command again once they are written.";
                    _record.Stopped(stop);
                    throw new ImagenException(stop, ImagenErrorIds.UploadsIncomplete);
                }

                var message = $"{changed.Count} photo(s) changed on disk after they went up and go up again before the edit, so the service edits what is on disk: {string.Join(", ", changed)}.";
                _client.Log.Verbose(message);
                _warning?.Invoke(message);
                await UploadMissingAsync(projectId, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Sends /edit or /export at most once per project: the request is written down before it goes out and its
        /// acceptance when it is answered. A request written down but never answered (the run stopped in between) is
        /// settled by the status: sent again only if the job never started.
        /// </summary>
        private async Task<ImagenJobStatus> StartOnceAsync(ImagenJobKind kind, Func<Task<ImagenJobStatus>> send, CancellationToken cancellationToken)
        {
            var requested = kind == ImagenJobKind.Edit ? ImagenRunState.EditRequested : ImagenRunState.ExportRequested;
            var accepted = kind == ImagenJobKind.Edit ? ImagenRunState.EditAccepted : ImagenRunState.ExportAccepted;
            var name = kind == ImagenJobKind.Edit ? "edit" : "export";

            // An export may already run without this run asking: chained by -Export -NoWait ("export": true on /edit).
            if (_record.State == requested || kind == ImagenJobKind.Export)
            {
                var status = await _client.GetJobStatusAsync(_record.ProjectId!, kind, cancellationToken).ConfigureAwait(false);
                if (status.State != ImagenJobState.Pending)
                {
                    _client.Log.Verbose(_record.State == requested
                        ? $"The {name} request of the stopped run had reached the service ({status}); it is not sent again."
                        : $"The {name} of project {_record.ProjectId} is already under way ({status}); it is not sent again.");
                    _record.Transition(accepted);
                    return status;
                }

                if (_record.State == requested)
                {
                    _client.Log.Verbose($"The {name} request of the stopped run never reached the service (status {status.Status}); sending it now.");
                }
            }

            _record.Transition(requested);
            var answer = await send().ConfigureAwait(false);
            _record.Transition(accepted);
            if (kind == ImagenJobKind.Edit)
            {
                SentEdit = true;
            }

            _client.Log.Verbose(kind == ImagenJobKind.Edit ? $"Project {_record.ProjectId} is billed: the edit of {_record.FileCount} photo(s) was accepted." : $"The export of project {_record.ProjectId} was accepted.");
            return answer;
        }

        private void Report(ImagenWorkflowStage stage, string message, ImagenTransferProgress? transfer = null, ImagenJobStatus? job = null) =>
            _progress?.Report(new ImagenWorkflowProgress(stage, _record.ProjectId, message, transfer, job));
    }
}
