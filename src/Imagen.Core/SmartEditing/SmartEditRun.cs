using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// One Smart Editing project driven from where its run record stands, as <see cref="ProjectRun"/> drives a profile's
    /// project: created once (its name looked up first, so a project a killed run created is continued), multipart
    /// uploads a killed run left open aborted, every photo uploaded that has not gone up (or changed on disk since it
    /// did), the Smart Edit requested once (written down before it is sent; a request whose answer was lost is settled
    /// by the project's status), waited for, and its finished JPEGs listed. Each transition is written to the record
    /// before its request.
    /// </summary>
    internal sealed class SmartEditRun
    {
        private const int MostUploadRounds = 3;
        private readonly ImagenClient _client;
        private readonly ImagenSmartEditRequest _request;
        private readonly ImagenSmartEditOptions _options;
        private readonly ImagenRunRecord _record;
        private readonly IProgress<ImagenWorkflowProgress>? _progress;

        public SmartEditRun(ImagenClient client, ImagenSmartEditRequest request, ImagenSmartEditOptions options, ImagenRunRecord record, IProgress<ImagenWorkflowProgress>? progress)
        {
            _client = client;
            _request = request;
            _options = options;
            _record = record;
            _progress = progress;
        }

        /// <summary>What this invocation uploaded, if anything.</summary>
        public ImagenUploadSummary? Upload { get; private set; }

        /// <summary>True when this invocation sent the Smart Edit (and so billed it).</summary>
        public bool SentEdit { get; private set; }

        /// <summary>The project's status as last read (null while the Smart Edit was not requested).</summary>
        public ImagenJobStatus? Status { get; private set; }

        /// <summary>The finished JPEGs, once Completed.</summary>
        public IReadOnlyList<ImagenDownloadLink> Links { get; private set; } = Array.Empty<ImagenDownloadLink>();

        /// <summary>
        /// Drives the project to the end: the Smart Edit Completed or Failed, or (without waiting) accepted. Throws an
        /// <see cref="ImagenException"/> when photos cannot be uploaded (before billing) or the service refuses.
        /// </summary>
        public async Task RunAsync(CancellationToken cancellationToken)
        {
            if (_record.ProjectId != null && _record.OpenMultipartUploads.Count > 0)
            {
                await _client.AbortRecordedMultipartUploadsAsync(_record.ProjectId, _record).ConfigureAwait(false);
            }

            if (_record.State < ImagenRunState.EditRequested)
            {
                await EnsureProjectAsync(cancellationToken).ConfigureAwait(false);
            }

            if (_record.State < ImagenRunState.EditRequested)
            {
                await UploadAllAsync(_record.ProjectId!, cancellationToken).ConfigureAwait(false);
            }

            var projectId = _record.ProjectId!;
            if (_record.State < ImagenRunState.EditAccepted)
            {
                Status = await StartOnceAsync(projectId, cancellationToken).ConfigureAwait(false);
            }

            if (_request.Wait && _record.State == ImagenRunState.EditAccepted)
            {
                var watch = new SynchronousProgress<ImagenJobStatus>(st => Report(ImagenWorkflowStage.Editing, "Smart Editing: " + st, job: st));
                Status = await _client.WaitForJobAsync(projectId, ImagenJobKind.SmartEdit, watch, cancellationToken, _request.PollInterval, _request.WaitTimeout).ConfigureAwait(false);
                if (Status.State == ImagenJobState.Failed)
                {
                    var reason = Status.Details ?? "the service reported the Smart Edit Failed";
                    _record.Transition(ImagenRunState.EditFailed);
                    _record.PhotosFailed(_record.Files.ToDictionary(f => f.Name, f => reason, StringComparer.OrdinalIgnoreCase));
                    _record.Stopped(reason);
                }
                else
                {
                    _record.Transition(ImagenRunState.EditDone);
                }
            }

            // A run an earlier command finished (or found on the service) still says where it stands.
            Status ??= await _client.GetSmartEditStatusAsync(projectId, cancellationToken).ConfigureAwait(false);
            if (_record.State == ImagenRunState.EditDone)
            {
                Links = await _client.GetDownloadLinksAsync(projectId, ImagenJobKind.SmartEdit, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// The project of the record: its name is looked up first (a killed run may have created it, or another machine
        /// or a lost record), and again when the service says it is taken; it is written down before the create
        /// request and its id as soon as it is known.
        /// </summary>
        private async Task EnsureProjectAsync(CancellationToken cancellationToken)
        {
            if (_record.ProjectId != null)
            {
                return;
            }

            var name = _record.ProjectName ?? throw new InvalidOperationException("A Smart Edit project is created with its name.");
            var existing = await _client.GetSmartEditProjectIdByNameAsync(name, cancellationToken).ConfigureAwait(false);
            if (existing == null)
            {
                Report(ImagenWorkflowStage.CreatingProject, $"Creating the Smart Editing project '{name}'");
                _record.ProjectCreating(name);
                try
                {
                    var project = await _client.CreateSmartEditProjectAsync(name, cancellationToken).ConfigureAwait(false);
                    _record.ProjectCreated(project.ProjectId, project.Name ?? name);
                    _client.Log.Verbose($"Smart Editing project '{_record.ProjectName}' ({project.ProjectId}) created; recorded in run {_record.RunId}.");
                    return;
                }
                catch (ImagenApiException taken) when (ProjectRun.IsNameTaken(taken))
                {
                    // Created a moment ago by another process: the listing answers for it.
                    var projects = await _client.GetAllSmartEditProjectsAsync(archived: null, cancellationToken).ConfigureAwait(false);
                    existing = projects.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))?.ProjectId;
                    if (existing == null)
                    {
                        throw;
                    }
                }
                catch (ImagenApiException refused) when (!refused.IsTransient && !(refused is ImagenAuthenticationException))
                {
                    _record.Stopped("The service refused to create the Smart Editing project: " + refused.Message);
                    throw;
                }
            }

            await ContinueExistingAsync(existing, name, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// A Smart Editing project of this name exists. Not edited yet: the photos go up to it. Edited (or being edited)
        /// under the name this module gives these very photos and options: a run of this command whose record was lost
        /// or is elsewhere sent it, so it is collected, not billed again. Edited under a name the user gave: it holds
        /// other photos, and is refused before anything is billed.
        /// </summary>
        private async Task ContinueExistingAsync(string projectId, string name, CancellationToken cancellationToken)
        {
            var status = await _client.GetSmartEditStatusAsync(projectId, cancellationToken).ConfigureAwait(false);
            if (status.State == ImagenJobState.Pending)
            {
                _client.Log.Verbose($"Smart Editing project '{name}' already exists on the service ({projectId}), not edited yet: the photos go up to it instead of creating another.");
                _record.ProjectCreated(projectId, name);
                return;
            }

            if (!IsNameOfThesePhotos(name))
            {
                var refusal = $"A Smart Editing project named '{name}' already exists on the service and was edited ({status.Status}); it is not one these photos can go to. Nothing was billed. Give another -Name, or leave -Name out; if it is this command's project, Save-ImagenResult -ProjectId {projectId} -Kind SmartEdit saves its results.";
                _record.Stopped(refusal);
                throw new ImagenException(refusal, ImagenErrorIds.ProjectCreateFailed);
            }

            _client.Log.Verbose($"Smart Editing project '{name}' ({projectId}) holds these very photos and was sent to an edit by another run ({status.Status}); it is collected, not edited again.");
            _record.ProjectCreated(projectId, name);
            foreach (var file in _record.Files)
            {
                _record.FileUploaded(file.Name);
            }

            Status = status;
            _record.Transition(status.State == ImagenJobState.Completed ? ImagenRunState.EditDone
                : status.State == ImagenJobState.Failed ? ImagenRunState.EditFailed
                : ImagenRunState.EditAccepted);
        }

        /// <summary>True when <paramref name="name"/> is the module's name for exactly this record's photos and options (under any folder's name).</summary>
        private bool IsNameOfThesePhotos(string name) =>
            ImagenProjectNames.TryParse(name, out var readable, out _, out _, out _)
            && string.Equals(name, ImagenProjectNames.ForSmartEdit(readable, _record.Files.Select(f => (f.Name, f.Length)).ToList(), _record.Settings[ImagenRunRecord.SmartEditSetting]), StringComparison.Ordinal);

        /// <summary>
        /// Uploads every photo that has not gone up, and again one whose bytes changed on disk since it went up (so the
        /// service edits what is on disk), until all are up; photos that cannot be uploaded stop the run here, before
        /// anything is billed, with one error naming them.
        /// </summary>
        private async Task UploadAllAsync(string projectId, CancellationToken cancellationToken)
        {
            for (var round = 0; ; round++)
            {
                var changed = Recheck(cancellationToken);
                var missing = _record.Files.Where(f => !f.Uploaded).ToList();
                if (missing.Count == 0)
                {
                    return;
                }

                if (round == MostUploadRounds)
                {
                    var stop = $"{changed.Count} photo(s) kept changing on disk while project '{_record.ProjectName}' ({projectId}) was being prepared: {string.Join(", ", changed)}. The Smart Edit was not started and nothing was billed; run the same command again once they are written.";
                    _record.Stopped(stop);
                    throw new ImagenException(stop, ImagenErrorIds.UploadsIncomplete);
                }

                if (_record.UploadedCount > 0)
                {
                    _client.Log.Verbose($"{_record.UploadedCount} photo(s) of project '{_record.ProjectName}' are uploaded already; uploading the other {missing.Count}.");
                }

                var transfer = new SynchronousProgress<ImagenTransferProgress>(t =>
                    Report(t.Operation == "Checksum" ? ImagenWorkflowStage.Checksumming : ImagenWorkflowStage.Uploading, $"{t.Operation}: {t.CompletedFiles + t.FailedFiles} of {t.TotalFiles} files", t));
                var items = missing.Select(f => new ImagenClient.ImagenUploadItem(f.Path, f.Md5)).ToList();
                Upload = await _client.UploadAsync(projectId, items, transfer, _request.ThrottleLimit, _record, cancellationToken, ImagenProjectSource.SmartEdit, _request.MultipartThreshold).ConfigureAwait(false);
                var failed = Upload.Failures;
                if (failed.Count > 0)
                {
                    var stop = $"{failed.Count} of {_record.FileCount} files could not be uploaded to Smart Editing project '{_record.ProjectName}' ({projectId}), so the Smart Edit was not started and nothing was billed: {string.Join("; ", failed.Select(f => f.Error ?? f.FileName))}";
                    _record.Stopped(stop);
                    throw new ImagenException(stop, failed.Count == _record.FileCount ? ImagenErrorIds.AllUploadsFailed : ImagenErrorIds.UploadsIncomplete);
                }
            }
        }

        /// <summary>
        /// Photos whose size or time stamp changed since they were recorded are hashed again; one that went up with
        /// other bytes goes up again. A time stamp that changed alone is no change. Returns those that go up again.
        /// </summary>
        private List<string> Recheck(CancellationToken cancellationToken)
        {
            var changed = new List<string>();
            foreach (var file in _record.Files)
            {
                var now = new FileInfo(file.Path);
                if (!now.Exists || (now.Length == file.Length && now.LastWriteTimeUtc == file.LastWriteTimeUtc))
                {
                    continue;
                }

                var md5 = Md5Hasher.ComputeBase64(file.Path, null, cancellationToken);
                var same = file.Md5 != null && string.Equals(md5, file.Md5, StringComparison.Ordinal);
                if (file.Uploaded && !same)
                {
                    changed.Add(file.Name);
                }

                _record.FileChanged(file.Name, now.Length, now.LastWriteTimeUtc, md5, uploaded: file.Uploaded && same);
            }

            if (changed.Count > 0)
            {
                _client.Log.Verbose($"{changed.Count} photo(s) changed on disk after they went up and go up again, so the service edits what is on disk: {string.Join(", ", changed)}.");
            }

            return changed;
        }

        /// <summary>
        /// Sends the Smart Edit at most once: the request is written down before it goes out and its acceptance when it
        /// is answered. One written down but never answered (the run stopped in between) is settled by the project's
        /// status: sent again only if the edit never started.
        /// </summary>
        private async Task<ImagenJobStatus> StartOnceAsync(string projectId, CancellationToken cancellationToken)
        {
            if (_record.State == ImagenRunState.EditRequested)
            {
                var status = await _client.GetSmartEditStatusAsync(projectId, cancellationToken).ConfigureAwait(false);
                if (status.State != ImagenJobState.Pending)
                {
                    _client.Log.Verbose($"The Smart Edit request of the stopped run had reached the service ({status}); it is not sent again.");
                    _record.Transition(ImagenRunState.EditAccepted);
                    return status;
                }

                _client.Log.Verbose($"The Smart Edit request of the stopped run never reached the service (status {status.Status}); sending it now.");
            }

            Report(ImagenWorkflowStage.StartingEdit, $"Starting the Smart Edit of {_record.FileCount} photo(s)");
            _record.Transition(ImagenRunState.EditRequested);
            var answer = await _client.StartSmartEditAsync(projectId, _options, cancellationToken).ConfigureAwait(false);
            _record.Transition(ImagenRunState.EditAccepted);
            SentEdit = true;
            _client.Log.Verbose($"Project {projectId} is billed: the Smart Edit of {_record.FileCount} photo(s) was accepted.");
            return answer;
        }

        private void Report(ImagenWorkflowStage stage, string message, ImagenTransferProgress? transfer = null, ImagenJobStatus? job = null) =>
            _progress?.Report(new ImagenWorkflowProgress(stage, _record.ProjectId, message, transfer, job));
    }
}
