using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// The SDK's quick_edit, by shoot: a shoot is a folder (its photos of the profile's type), and the photo inside it
    /// is what is billed and remembered. <see cref="PrepareAsync"/> checks the profile and options and works out, for
    /// every shoot, what it needs (see <see cref="ImagenShootPlan"/>) without creating anything;
    /// <see cref="RunShootAsync"/> then does it under the shoot's lock: the shoot's unfinished projects are continued
    /// (never created, uploaded or billed twice; an unanswered /edit is settled by the status), its new photos go to
    /// one new project, and exports asked for later are made without a new edit.
    /// </summary>
    public sealed class ImagenEditWorkflow
    {
        private readonly ImagenClient _client;
        private readonly Action<string>? _warning;
        private readonly ServiceMemory _service;

        /// <param name="client">The client to run with.</param>
        /// <param name="warning">Where to say things the user must see without -Verbose (photos left for later or changed, files left out).</param>
        public ImagenEditWorkflow(ImagenClient client, Action<string>? warning = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _warning = warning;
            _service = new ServiceMemory(client);
        }

        /// <summary>The record of the project being worked on (or last worked on); read by a cmdlet's Ctrl+C handler.</summary>
        public ImagenRunRecord? CurrentRecord { get; private set; }

        /// <summary>
        /// Checks the profile and options and plans every shoot; creates nothing. Throws
        /// <see cref="ImagenValidationException"/> for bad options, ImagenProfileNotFound, and ImagenPhotoBudgetExceeded
        /// when the shoots together would send more photos to edits than allowed. Problems of one shoot (a refused
        /// photo, colliding results, other settings than it was edited with) are in its plan, not thrown.
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

            var options = (request.Options ?? new ImagenEditOptions()).Clone();
            var optionProblems = options.Validate().ToList();
            if (profile.FileKind == null)
            {
                optionProblems.AddRange(ProfileFileValidator.Validate(Array.Empty<string>(), profile, inspectContent: false).Problems.Where(p => p.ErrorId != ImagenErrorIds.NoFiles));
            }

            if (optionProblems.Count > 0)
            {
                throw new ImagenValidationException(optionProblems);
            }

            Check(request.PollInterval, nameof(request.PollInterval));
            Check(request.WaitTimeout, nameof(request.WaitTimeout));
            if (request.ThrottleLimit.HasValue && request.ThrottleLimit.Value < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(request), request.ThrottleLimit, "ThrottleLimit must be at least 1.");
            }

            var inputs = ShootInputs(request);
            var projectName = string.IsNullOrWhiteSpace(request.ProjectName) ? null : request.ProjectName!.Trim();
            if (projectName != null && inputs.Count > 1)
            {
                throw new ImagenException($"-ProjectName names one project, but {inputs.Count} shoot folders were given; leave it out and each shoot's project is named after its folder.", ImagenErrorIds.ProjectNameForManyShoots);
            }

            var shoots = new List<ImagenShootPlan>();
            var plan = new ImagenEditPlan(profile, options, projectName, request.Export, request.Wait, request.ThrottleLimit, request.PollInterval, shoots)
            {
                NewProject = request.NewProject,
                RetryFailed = request.RetryFailed,
                AllowPartialUpload = request.AllowPartialUpload,
                WaitTimeout = request.WaitTimeout,
                QuietPeriod = request.QuietPeriod ?? _client.Options.QuietPeriod,
                MaximumPhotoCount = request.MaximumPhotoCount ?? _client.Options.MaximumPhotoCount,
                RunStore = request.RunStore ?? new ImagenRunStore(),
                LockWait = request.LockWait,
            };
            var planner = new ShootPlanner(plan, _service, _client.Log, request.InspectContent);
            var now = DateTime.UtcNow;
            foreach (var input in inputs)
            {
                shoots.Add(await planner.PlanAsync(input.Folder, input.Given, request.Recurse, now, cancellationToken).ConfigureAwait(false));
            }

            if (plan.MaximumPhotoCount is int most && plan.PhotosToBill > most)
            {
                var biggest = shoots.Where(s => s.PhotosToBill > 0).OrderByDescending(s => s.PhotosToBill).Take(3).Select(s => $"'{s.Name}' {s.PhotosToBill}");
                throw new ImagenException(
                    $"This command would send {plan.PhotosToBill} photo(s) to edits (billed), more than the limit of {most} (-MaximumPhotoCount, IMAGEN_MAX_PHOTOS_PER_RUN); nothing was created or billed. The most: {string.Join(", ", biggest)}. Check that the command points at the right folders, or raise the limit.",
                    ImagenErrorIds.PhotoBudgetExceeded);
            }

            return plan;
        }

        /// <summary><see cref="PrepareAsync"/> then <see cref="RunAsync(ImagenEditPlan, IProgress{ImagenWorkflowProgress}, CancellationToken)"/> (one shoot).</summary>
        public async Task<ImagenEditResult> RunAsync(ImagenEditWorkflowRequest request, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var plan = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
            return await RunAsync(plan, progress, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Runs the plan's one shoot (the photos of one folder). For several shoots, call <see cref="RunShootAsync"/> for each.</summary>
        public Task<ImagenEditResult> RunAsync(ImagenEditPlan plan, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (plan == null)
            {
                throw new ArgumentNullException(nameof(plan));
            }

            if (plan.Shoots.Count != 1)
            {
                throw new ArgumentException($"The plan has {plan.Shoots.Count} shoots; run each with RunShootAsync.", nameof(plan));
            }

            return RunShootAsync(plan, plan.Shoots[0], progress, cancellationToken);
        }

        /// <summary>
        /// Does what <paramref name="shoot"/> needs, under its lock (machine-wide, by the folder's identity, so two paths
        /// or accounts never both proceed). The shoot is planned again under the lock, from the records as they are now.
        /// Returns the shoot's result; throws <see cref="ImagenValidationException"/> when photos are refused, and
        /// <see cref="ImagenWorkflowException"/> (carrying the result) when the settings differ from those the shoot was
        /// edited with, when photos could not be uploaded (before billing), or when a billed project stops (the message
        /// says it is billed and that the same command collects it).
        /// </summary>
        public async Task<ImagenEditResult> RunShootAsync(ImagenEditPlan plan, ImagenShootPlan shoot, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            var store = plan.RunStore;
            _client.Log.Debug("Run records: " + store.Directory + "; shoot locks: " + ImagenRunStore.LockDirectory + ". " + _client.Options.Describe());
            using (var runLock = await store.LockAsync(shoot.FolderIdentity, $"Invoke-ImagenEdit of shoot '{shoot.Folder}'", plan.LockWait, cancellationToken).ConfigureAwait(false))
            {
                var given = shoot.Photos.Count > 0 && IsGiven(shoot) ? shoot.Photos.Select(p => ImagenShootPhoto.FromDisk(p.Path)).ToList() : null;

                // Another run had the shoot: what it created is on the service now, so the account's projects are read again.
                var planner = new ShootPlanner(plan, runLock.Waited ? new ServiceMemory(_client) : _service, _client.Log, inspectContent: false);
                var now = await planner.PlanAsync(shoot.Folder, given, Recursed(shoot), DateTime.UtcNow, cancellationToken).ConfigureAwait(false);
                foreach (var hash in shoot.Hashes.Where(h => !now.Hashes.ContainsKey(h.Key)))
                {
                    now.Hashes[hash.Key] = hash.Value;
                }

                if (now.IsRefused)
                {
                    throw Refused(plan, now);
                }

                var record = Remember(plan, now);
                runLock.Describe($"shoot '{now.Name}' ({record.ShootId}) at '{now.Folder}'");
                return await ContinueShootAsync(plan, now, record, progress, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>What a stopped, billed project tells the user: which project is billed and how to collect it.</summary>
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

        /// <summary>The shoot record (created for a new shoot), with where the shoot is now, the photos hashed, earlier records adopted.</summary>
        private ImagenShootRecord Remember(ImagenEditPlan plan, ImagenShootPlan shoot)
        {
            var store = plan.RunStore;
            var record = shoot.Shoot;
            if (record == null)
            {
                record = store.CreateShoot(shoot.Folder, shoot.FolderIdentity, plan.Profile.ImageType, plan.ProjectName != null ? ImagenProjectNames.Readable(plan.ProjectName) : null);
                _client.Log.Verbose($"Shoot '{record.Name}' is new here; it is remembered as {record.ShootId} in '{store.Directory}'.");
                shoot.Shoot = record;
            }
            else if (!record.WasSeenAt(shoot.Folder, shoot.FolderIdentity))
            {
                _client.Log.Verbose($"Shoot '{record.Name}' ({record.ShootId}) was seen at '{record.Folder}'; it is at '{shoot.Folder}' now (moved or reached another way): the same shoot.");
            }

            var earlierFolders = record.Folders.Where(f => !ImagenRunRecord.PathComparer.Equals(f, shoot.Folder)).ToList();
            record.SeenAt(shoot.Folder, shoot.FolderIdentity);
            var pathsByName = shoot.Photos.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First().Path, StringComparer.OrdinalIgnoreCase);
            foreach (var run in shoot.Runs)
            {
                if (run.ShootId != record.ShootId)
                {
                    _client.Log.Verbose($"Run {run.RunId} (project {run.ProjectId ?? "not created"}) holds photos of this folder but no shoot record here (made before shoots, or its shoot record was lost); it joins shoot {record.ShootId}.");
                    run.BelongsTo(record.ShootId);
                }

                run.Relocate(pathsByName, earlierFolders, shoot.Folder);
            }

            foreach (var photo in shoot.Photos)
            {
                var known = record.FindPhoto(photo.Name);
                var md5 = shoot.Hashes.TryGetValue(photo.Name, out var hashed) ? hashed
                    : known != null && photo.SameStamp(known.Length, known.LastWriteTimeUtc) ? known.Md5
                    : null;
                if (known == null || md5 != null || !photo.SameStamp(known.Length, known.LastWriteTimeUtc))
                {
                    record.Stamp(photo.Name, photo.Length, photo.LastWriteTimeUtc, md5);
                }
            }

            record.Save();
            return record;
        }

        private async Task<ImagenEditResult> ContinueShootAsync(ImagenEditPlan plan, ImagenShootPlan shoot, ImagenShootRecord record, IProgress<ImagenWorkflowProgress>? progress, CancellationToken cancellationToken)
        {
            var store = plan.RunStore;
            foreach (var found in shoot.Found)
            {
                var adopted = store.Adopt(
                    ImagenRunStore.ShootKeyFor(found.Photos.Select(p => p.Path)), record.ShootId,
                    found.Photos.Select(p => new ImagenRunFile(p.Path, p.Length, p.LastWriteTimeUtc, uploaded: true)),
                    plan.Settings, found.Project.Name!, found.Project.ProjectId, found.RunState, export: found.Export.State != ImagenJobState.Pending && found.Export.State != ImagenJobState.Unknown);
                _client.Log.Verbose($"Project '{found.Project.Name}' ({found.Project.ProjectId}) of this shoot was found on the service ({found.Edit.Status}) with {found.Photos.Count} photo(s); recorded as run {adopted.RunId}.");
            }

            var runs = store.RunsOf(record.ShootId).ToList();
            var planner = new ShootPlanner(plan, _service, _client.Log, inspectContent: false);
            ImagenUploadSummary? upload = null;
            ImagenRunRecord? current = null;
            ProjectRun? step = null;
            var settled = new List<string>();
            var resumed = runs.Count > 0;
            var sent = 0;
            try
            {
                foreach (var run in runs.Where(r => planner.NeedsWork(r) && !(plan.NewProject && !r.Billed)))
                {
                    if (!run.Billed && run.State != ImagenRunState.EditRequested)
                    {
                        run.Resettle(plan.Settings);
                    }

                    _client.Log.Verbose($"Continuing project '{run.ProjectName}' ({run.ProjectId ?? "not created yet"}, {run.State}) of shoot '{shoot.Name}': {run.UploadedCount} of {run.FileCount} photo(s) uploaded.");
                    step = new ProjectRun(_client, plan, run, progress, _warning);
                    await DriveAsync(plan, step, run, settled, cancellationToken).ConfigureAwait(false);
                    upload = step.Upload ?? upload;
                    sent += step.SentEdit ? run.FileCount : 0;
                    current = step.SentEdit ? run : current;
                }

                if (shoot.ToSend.Count > 0)
                {
                    var files = shoot.ToSend.Select(p => new ImagenRunFile(p.Path, p.Length, p.LastWriteTimeUtc, shoot.Hashes.TryGetValue(p.Name, out var md5) ? md5 : null)).ToList();
                    var run = store.Create(ImagenRunStore.ShootKeyFor(files.Select(f => f.Path)), record.ShootId, files, plan.Settings, shoot.NewProjectName, plan.Export);
                    _client.Log.Verbose(shoot.FollowOn
                        ? $"{files.Count} photo(s) of shoot '{shoot.Name}' are new since its earlier project(s): they go to the follow-on project '{shoot.NewProjectName}' (run {run.RunId})."
                        : $"Shoot '{shoot.Name}': {files.Count} photo(s) go to project '{shoot.NewProjectName}' (run {run.RunId}).");
                    step = new ProjectRun(_client, plan, run, progress, _warning);
                    await DriveAsync(plan, step, run, settled, cancellationToken).ConfigureAwait(false);
                    upload = step.Upload ?? upload;
                    sent += step.SentEdit ? run.FileCount : 0;
                    current = run;
                }
                else if (shoot.NothingToDo)
                {
                    _client.Log.Verbose($"Shoot '{shoot.Name}' has nothing new: {shoot.Photos.Count} photo(s), all sent to edits before. Nothing is uploaded or billed.");
                }
            }
            catch (Exception error) when (CurrentRecord is { } stopped && !(error is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                var advice = StopAdvice(stopped, error);
                stopped.Stopped(error.Message);
                var partial = Result(plan, shoot, store.RunsOf(record.ShootId), stopped, step?.Upload ?? upload, resumed, sent);
                throw new ImagenWorkflowException(
                    advice == null ? error.Message : $"{error.Message} {advice}",
                    error is ImagenException imagen ? imagen.ErrorId : ImagenErrorIds.ConnectionFailed,
                    partial,
                    error);
            }

            Report(progress, ImagenWorkflowStage.Completed, current?.ProjectId, "Done");
            var final = store.RunsOf(record.ShootId);
            RememberHashes(record, shoot, final);
            var result = Result(plan, shoot, final, current, upload, resumed, sent);
            result.SettledNow = settled;
            return result;
        }

        /// <summary>The MD5 each photo went up with, in the shoot record, so a moved or copied shoot is recognised by its bytes.</summary>
        private static void RememberHashes(ImagenShootRecord record, ImagenShootPlan shoot, IReadOnlyList<ImagenRunRecord> runs)
        {
            var changed = false;
            foreach (var file in runs.SelectMany(r => r.Files).Where(f => f.Md5 != null))
            {
                var photo = shoot.Photos.FirstOrDefault(p => string.Equals(p.Name, file.Name, StringComparison.OrdinalIgnoreCase));
                var known = record.FindPhoto(file.Name);
                if (photo != null && photo.SameStamp(file.Length, file.LastWriteTimeUtc) && (known == null || known.Md5 == null))
                {
                    record.Stamp(photo.Name, photo.Length, photo.LastWriteTimeUtc, file.Md5);
                    changed = true;
                }
            }

            if (changed)
            {
                record.Save();
            }
        }

        /// <summary>Drives one project; notes it in <paramref name="settled"/> when its edit or export ended now.</summary>
        private async Task DriveAsync(ImagenEditPlan plan, ProjectRun step, ImagenRunRecord run, List<string> settled, CancellationToken cancellationToken)
        {
            CurrentRecord = run;
            var before = run.State;
            await step.RunAsync(plan.Export, cancellationToken).ConfigureAwait(false);
            if (run.State != before && (run.State == ImagenRunState.EditDone || run.State == ImagenRunState.EditFailed || run.State == ImagenRunState.ExportDone || run.State == ImagenRunState.ExportFailed))
            {
                settled.Add(run.ProjectId!);
            }
        }

        private static ImagenEditResult Result(ImagenEditPlan plan, ImagenShootPlan shoot, IReadOnlyList<ImagenRunRecord> runs, ImagenRunRecord? current, ImagenUploadSummary? upload, bool resumed, int sent) =>
            new ImagenEditResult(plan, shoot, runs, current, upload)
            {
                Resumed = resumed,
                SentCount = sent,
                Deferred = shoot.Deferred.Select(p => p.Name).ToList(),
                Changed = shoot.Changed,
            };

        /// <summary>
        /// The refusal of a shoot whose plan has problems (nothing was created): its photos' problems, or the settings
        /// that differ from those it was edited with, carrying what the shoot is.
        /// </summary>
        private ImagenException Refused(ImagenEditPlan plan, ImagenShootPlan shoot)
        {
            var runs = shoot.Shoot == null ? (IReadOnlyList<ImagenRunRecord>)Array.Empty<ImagenRunRecord>() : plan.RunStore.RunsOf(shoot.Shoot.ShootId);
            var result = Result(plan, shoot, runs, null, null, resumed: false, sent: 0);
            return shoot.SettingsConflict != null
                ? new ImagenWorkflowException(shoot.SettingsConflict, ImagenErrorIds.ShootSettingsDiffer, result)
                : new ImagenValidationException(shoot.Problems);
        }

        /// <summary>The shoots of a request: each folder, then the given files grouped by their folder, in order.</summary>
        private static List<(string Folder, IReadOnlyList<ImagenShootPhoto>? Given)> ShootInputs(ImagenEditWorkflowRequest request)
        {
            var inputs = new List<(string Folder, IReadOnlyList<ImagenShootPhoto>? Given)>();
            foreach (var folder in (request.Folders ?? new List<string>()).Select(Path.GetFullPath).Distinct(ImagenRunRecord.PathComparer))
            {
                inputs.Add((folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar), null));
            }

            var files = (request.Files ?? new List<string>()).Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
            foreach (var group in files.GroupBy(f => Path.GetDirectoryName(f) ?? string.Empty, ImagenRunRecord.PathComparer))
            {
                inputs.Add((group.Key, group.Select(ImagenShootPhoto.FromDisk).ToList()));
            }

            if (inputs.Count == 0)
            {
                throw new ImagenValidationException(new[] { new ImagenFileProblem(ImagenErrorIds.NoFiles, "No files were given.", Array.Empty<string>(), "Pass shoot folders or RAW or JPEG files by -Path, -LiteralPath or the pipeline.") });
            }

            return inputs;
        }

        /// <summary>True when the shoot was given as files (its photos are those files, not the folder's listing).</summary>
        private static bool IsGiven(ImagenShootPlan shoot) => shoot.GivenFiles;

        private static bool Recursed(ImagenShootPlan shoot) => shoot.Recursed;

        private static void Check(TimeSpan? span, string name)
        {
            if (span.HasValue && span.Value <= TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(name, span, name + " must be positive.");
            }
        }

        private static void Report(IProgress<ImagenWorkflowProgress>? progress, ImagenWorkflowStage stage, string? projectId, string message) =>
            progress?.Report(new ImagenWorkflowProgress(stage, projectId, message));
    }
}
