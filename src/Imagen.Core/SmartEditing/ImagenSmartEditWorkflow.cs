using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Invoke-ImagenSmartEdit with a memory, as <see cref="ImagenEditWorkflow"/> has one: the JPEGs given are one Smart
    /// Editing project, kept as a run record of a shoot (their folder) in the same run store and driven from it (see
    /// <see cref="SmartEditRun"/>), so the same command run again after a kill, a reboot or Ctrl+C continues where the
    /// run stopped: the project is created once (its name looked up first), a photo that went up is not sent again, a
    /// multipart upload left open is aborted, and /edit is never sent twice. A finished run is collected, not repeated.
    /// A Smart Edit shoot is remembered apart from the shoot a profile edits in the same folder (its image type is
    /// <see cref="ShootType"/> and its records' settings are the Smart Edit options), so neither is taken for the other.
    /// </summary>
    public sealed class ImagenSmartEditWorkflow
    {
        /// <summary>The image type of Smart Editing shoots in the run store (a profile's shoots are RAW or JPG).</summary>
        public const string ShootType = "SmartEdit";

        private readonly ImagenClient _client;
        private readonly Action<string>? _warning;

        /// <param name="client">The client to run with.</param>
        /// <param name="warning">Where to say what the user must see without -Verbose (photos changed since they were Smart-edited).</param>
        public ImagenSmartEditWorkflow(ImagenClient client, Action<string>? warning = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _warning = warning;
        }

        /// <summary>The record of the project being worked on; read by a cmdlet's Ctrl+C handler.</summary>
        public ImagenRunRecord? CurrentRecord { get; private set; }

        /// <summary>
        /// Checks the files (JPEGs only, at least five, unique names: <see cref="ImagenValidationException"/>, nothing
        /// created), then, under the folder's lock, continues the run of the same command (same photos, same options) or
        /// starts one, and drives it to the end (or, without waiting, until the Smart Edit is accepted). Throws
        /// ImagenPhotosEditedBefore when photos of the folder were Smart-edited before and this command would bill them
        /// again in a new project (unless <see cref="ImagenSmartEditRequest.NewProject"/>), and
        /// <see cref="ImagenSmartEditException"/> (with the partial result; its message says whether the project is billed
        /// and that the same command continues) when the run stops.
        /// </summary>
        public async Task<ImagenSmartEditResult> RunAsync(ImagenSmartEditRequest request, IProgress<ImagenWorkflowProgress>? progress = null, CancellationToken cancellationToken = default)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            var files = (request.Files ?? new List<string>()).Select(Path.GetFullPath).Distinct(ImagenRunRecord.PathComparer).ToList();
            ImagenClient.CheckSmartEditFiles(files);
            var options = request.Options ?? new ImagenSmartEditOptions();
            var store = request.RunStore ?? new ImagenRunStore();
            var folder = CommonFolder(files);
            var identity = ShootFolder.IdentityOf(folder);
            _client.Log.Debug("Run records: " + store.Directory + "; shoot locks: " + ImagenRunStore.LockDirectory + ". " + _client.Options.Describe());
            using (var runLock = await store.LockAsync(identity, $"Invoke-ImagenSmartEdit of '{folder}'", request.LockWait, cancellationToken).ConfigureAwait(false))
            {
                var photos = files.Select(ImagenShootPhoto.FromDisk).ToList();
                var settings = new Dictionary<string, string>(StringComparer.Ordinal) { [ImagenRunRecord.SmartEditSetting] = options.ToSettingsText() };
                var shoot = store.FindShoot(folder, identity, ShootType, photos);
                var runs = shoot == null ? new List<ImagenRunRecord>() : store.RunsOf(shoot.ShootId).Where(r => r.IsSmartEdit).ToList();
                runs.AddRange(store.UnclaimedRunsFor(folder, photos, smartEdit: true).Where(r => runs.All(known => known.RunId != r.RunId)));
                var run = SameCommand(runs, photos, settings, request.NewProject);
                var resumed = run != null;
                if (run == null)
                {
                    if (!request.NewProject)
                    {
                        RefuseEditingAgain(runs, photos, settings);
                    }

                    shoot = Remember(store, shoot, folder, identity, request.ProjectName);
                    var name = request.ProjectName ?? await NewProjectNameAsync(shoot, photos, settings[ImagenRunRecord.SmartEditSetting], request.NewProject, cancellationToken).ConfigureAwait(false);
                    run = store.Create(
                        ImagenRunStore.ShootKeyFor(files), shoot.ShootId,
                        photos.Select(p => new ImagenRunFile(p.Path, p.Length, p.LastWriteTimeUtc)), settings, name, export: false);
                    _client.Log.Verbose($"Smart Editing {photos.Count} photo(s) of '{folder}' as project '{name}' (run {run.RunId}).");
                }
                else
                {
                    shoot = Remember(store, shoot, folder, identity, request.ProjectName);
                    run.BelongsTo(shoot.ShootId); // a run whose shoot record was lost joins the folder's
                    _client.Log.Verbose($"Continuing the Smart Edit of project '{run.ProjectName}' ({run.ProjectId ?? "not created yet"}, {run.State}, run {run.RunId}): {run.UploadedCount} of {run.FileCount} photo(s) uploaded.");
                    WarnChangedSinceBilled(run, photos);
                }

                runLock.Describe($"Smart Edit of '{folder}' (run {run.RunId})");
                CurrentRecord = run;
                var step = new SmartEditRun(_client, request, options, run, progress);
                try
                {
                    await step.RunAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error) when (!(error is OperationCanceledException && cancellationToken.IsCancellationRequested) && !(error is ImagenAuthenticationException))
                {
                    var advice = ImagenEditWorkflow.StopAdvice(run, error);
                    run.Stopped(error.Message);
                    var partial = new ImagenSmartEditResult(run, step.Upload, step.Status, Array.Empty<ImagenDownloadLink>()) { Resumed = resumed, SentEdit = step.SentEdit };
                    throw new ImagenSmartEditException(
                        advice == null ? error.Message : $"{error.Message} {advice}",
                        error is ImagenException imagen ? imagen.ErrorId : ImagenErrorIds.ConnectionFailed,
                        partial,
                        error);
                }

                progress?.Report(new ImagenWorkflowProgress(ImagenWorkflowStage.Completed, run.ProjectId, "Done"));
                return new ImagenSmartEditResult(run, step.Upload, step.Status, step.Links) { Resumed = resumed, SentEdit = step.SentEdit };
            }
        }

        /// <summary>
        /// The run this command continues: the latest Smart Edit of the folder with the same options and the same photos
        /// (by name), whatever state it stopped in (a finished one is collected). With -NewProject only an unfinished
        /// one, so a -NewProject run that was killed is continued, not started a second time.
        /// </summary>
        private static ImagenRunRecord? SameCommand(IReadOnlyList<ImagenRunRecord> runs, IReadOnlyList<ImagenShootPhoto> photos, IReadOnlyDictionary<string, string> settings, bool newProject)
        {
            var names = new HashSet<string>(photos.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            return runs
                .Where(r => SameSettings(r, settings) && r.FileCount == names.Count && r.Files.All(f => names.Contains(f.Name)))
                .Where(r => !newProject || r.State < ImagenRunState.EditDone)
                .OrderBy(r => r.CreatedAt)
                .LastOrDefault();
        }

        /// <summary>
        /// The name of a new run's project: that of a project the service holds for exactly these photos and options, under
        /// any folder's name (the folder renamed or reached by another path, its records lost), so it is continued or
        /// collected, never billed again; else the folder's name, the photo count and the fingerprint of the photos and
        /// options. A project asked for again on purpose (-NewProject) gets a fingerprint of its own: project names are
        /// unique, and the first project's name would find the first project.
        /// </summary>
        private async Task<string> NewProjectNameAsync(ImagenShootRecord shoot, IReadOnlyList<ImagenShootPhoto> photos, string options, bool newProject, CancellationToken cancellationToken)
        {
            var named = photos.Select(p => (p.Name, p.Length)).ToList();
            if (newProject)
            {
                return ImagenProjectNames.ForSmartEdit(shoot.Readable, named, options + "\tagain " + Guid.NewGuid().ToString("N"));
            }

            return await FoundOnServiceAsync(photos, options, cancellationToken).ConfigureAwait(false)
                ?? ImagenProjectNames.ForSmartEdit(shoot.Readable, named, options);
        }

        private async Task<string?> FoundOnServiceAsync(IReadOnlyList<ImagenShootPhoto> photos, string options, CancellationToken cancellationToken)
        {
            var fingerprint = ImagenProjectNames.SmartEditFingerprint(photos.Select(p => (p.Name, p.Length)), options);
            var projects = await _client.GetAllSmartEditProjectsAsync(archived: null, cancellationToken).ConfigureAwait(false);
            var found = projects
                .Where(p => ImagenProjectNames.TryParse(p.Name, out _, out var count, out var print, out _) && count == photos.Count && print == fingerprint)
                .OrderBy(p => p.CreatedAt)
                .FirstOrDefault();
            if (found != null)
            {
                _client.Log.Verbose($"The service holds Smart Editing project '{found.Name}' ({found.ProjectId}) of these very photos and options; it is continued, not created again.");
            }

            return found?.Name;
        }

        private static bool SameSettings(ImagenRunRecord run, IReadOnlyDictionary<string, string> settings) =>
            run.Settings.TryGetValue(ImagenRunRecord.SmartEditSetting, out var then) && string.Equals(then, settings[ImagenRunRecord.SmartEditSetting], StringComparison.Ordinal);

        /// <summary>
        /// Photos Smart-edited before (billed, or maybe billed: the edit was sent) in another run of the folder, the same
        /// file as far as its size tells, stop a command that would edit them again in a new project, before anything is
        /// created: a billed change is never silent.
        /// </summary>
        private static void RefuseEditingAgain(IReadOnlyList<ImagenRunRecord> runs, IReadOnlyList<ImagenShootPhoto> photos, IReadOnlyDictionary<string, string> settings)
        {
            var sent = runs.Where(r => r.State >= ImagenRunState.EditRequested && r.State != ImagenRunState.EditFailed).ToList();
            var again = photos
                .Select(p => (Photo: p, Run: sent.LastOrDefault(r => r.FindFile(p.Name) is { } f && f.Length == p.Length)))
                .Where(m => m.Run != null)
                .ToList();
            if (again.Count == 0)
            {
                return;
            }

            var run = again.Last().Run!;
            var names = again.Select(m => m.Photo.Name).ToList();
            var how = SameSettings(run, settings) ? string.Empty : " with other options";
            throw new ImagenException(
                $"{again.Count} of these {photos.Count} photo(s) were Smart-edited before{how}, in project '{run.ProjectName}' ({run.ProjectId}): {string.Join(", ", names.Take(10))}{(names.Count > 10 ? $" and {names.Count - 10} more" : string.Empty)}. " +
                $"This command would Smart-edit them again in a new project, billed again; nothing was created or billed. The command that edited them collects that project (Save-ImagenResult -ProjectId {run.ProjectId} -Kind SmartEdit saves it); to Smart-edit them again on purpose (billed), add -NewProject.",
                ImagenErrorIds.PhotosEditedBefore);
        }

        /// <summary>Photos whose size changed since the billed Smart Edit took them: its results are of the earlier bytes.</summary>
        private void WarnChangedSinceBilled(ImagenRunRecord run, IReadOnlyList<ImagenShootPhoto> photos)
        {
            if (!run.Billed)
            {
                return;
            }

            var changed = photos.Where(p => run.FindFile(p.Name) is { } f && f.Length != p.Length).Select(p => p.Name).ToList();
            if (changed.Count > 0)
            {
                _warning?.Invoke($"{changed.Count} photo(s) changed since project '{run.ProjectName}' ({run.ProjectId}) Smart-edited them: {string.Join(", ", changed)}. Its results are of the earlier photos; to Smart-edit them again (billed), add -NewProject.");
            }
        }

        /// <summary>The shoot record of the folder (created for a folder never Smart-edited here), with where it is now.</summary>
        private ImagenShootRecord Remember(ImagenRunStore store, ImagenShootRecord? shoot, string folder, string identity, string? projectName)
        {
            if (shoot == null)
            {
                shoot = store.CreateShoot(folder, identity, ShootType, projectName != null ? ImagenProjectNames.Readable(projectName) : null);
                _client.Log.Verbose($"'{folder}' is Smart-edited for the first time here; remembered as {shoot.ShootId} in '{store.Directory}'.");
                return shoot;
            }

            shoot.SeenAt(folder, identity);
            shoot.Save();
            return shoot;
        }

        /// <summary>The deepest folder holding every file (their folder when they share one).</summary>
        private static string CommonFolder(IReadOnlyList<string> files)
        {
            var folders = files.Select(f => Path.GetDirectoryName(f) ?? string.Empty).Distinct(ImagenRunRecord.PathComparer).ToList();
            var common = folders[0];
            foreach (var folder in folders.Skip(1))
            {
                while (!IsWithin(folder, common))
                {
                    var parent = Path.GetDirectoryName(common);
                    if (parent == null)
                    {
                        return folders[0]; // no folder holds them all (other drives): the first file's stands for them
                    }

                    common = parent;
                }
            }

            return common;
        }

        private static bool IsWithin(string folder, string parent)
        {
            var prefix = parent.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return ImagenRunRecord.PathComparer.Equals(folder, parent)
                || folder.StartsWith(prefix, ImagenRunRecord.PathComparer == StringComparer.Ordinal ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        }
    }
}
