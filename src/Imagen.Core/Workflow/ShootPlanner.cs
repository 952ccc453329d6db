using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Works out what a shoot needs now (see <see cref="ImagenShootPlan"/>), photo by photo: a photo is sent to an edit
    /// once per shoot and settings. A photo already sent stays with its project whatever its time stamp says (only its
    /// bytes, by MD5, tell a change); a new one goes to the shoot's next project once it is settled; one the service
    /// could not edit goes again when its bytes change or with -RetryFailed. Photos the records do not know are looked
    /// for on the service before they are counted as new. Nothing is created or written here.
    /// </summary>
    internal sealed class ShootPlanner
    {
        private readonly ImagenEditPlan _plan;
        private readonly ServiceMemory _service;
        private readonly IImagenLog _log;
        private readonly bool _inspectContent;

        public ShootPlanner(ImagenEditPlan plan, ServiceMemory service, IImagenLog log, bool inspectContent)
        {
            _plan = plan;
            _service = service;
            _log = log;
            _inspectContent = inspectContent;
        }

        /// <summary>Plans the shoot at <paramref name="folder"/>; <paramref name="given"/> limits it to those photos (piped files).</summary>
        public async Task<ImagenShootPlan> PlanAsync(string folder, IReadOnlyList<ImagenShootPhoto>? given, bool recurse, DateTime nowUtc, CancellationToken cancellationToken)
        {
            var kind = _plan.Profile.FileKind ?? ImagenFileKind.Raw;
            var photos = given ?? ShootScanner.Scan(folder, kind, recurse);
            var plan = new ImagenShootPlan(folder, ShootFolder.IdentityOf(folder), photos) { GivenFiles = given != null, Recursed = recurse };
            var store = _plan.RunStore;
            plan.Shoot = store.FindShoot(folder, plan.FolderIdentity, _plan.Profile.ImageType, photos);
            var runs = plan.Shoot == null ? new List<ImagenRunRecord>() : store.RunsOf(plan.Shoot.ShootId).ToList();
            runs.AddRange(store.UnclaimedRunsFor(folder, photos).Where(r => runs.All(known => known.RunId != r.RunId)));
            plan.Runs = runs.OrderBy(r => r.CreatedAt).ToList();
            var notes = new List<string>();

            plan.SettingsConflict = _plan.NewProject ? null : SettingsConflict(plan.Runs);
            var (candidates, deferred, changed, failedKept) = Classify(plan, nowUtc);
            plan.Problems = Problems(plan, candidates);
            if (candidates.Count > 0 && !_plan.NewProject && !plan.IsRefused)
            {
                candidates = LeaveOutCopies(plan, candidates, notes);
            }

            if (candidates.Count > 0 && !_plan.NewProject && !plan.IsRefused)
            {
                candidates = await FindOnServiceAsync(plan, candidates, notes, cancellationToken).ConfigureAwait(false);
            }

            if (deferred.Count > 0)
            {
                if (deferred.Count > candidates.Count)
                {
                    plan.Postponed = true;
                    notes.Add($"Shoot '{plan.Name}': {deferred.Count} of {deferred.Count + candidates.Count} new photo(s) were written in the last {Seconds(_plan.QuietPeriod)} and may still be arriving; the shoot waits for a later run (-QuietPeriodSec sets the wait).");
                    deferred = deferred.Concat(candidates).ToList();
                    candidates = new List<ImagenShootPhoto>();
                }
                else
                {
                    notes.Add($"Shoot '{plan.Name}': {deferred.Count} photo(s) written in the last {Seconds(_plan.QuietPeriod)} may still be arriving and wait for a later run: {List(deferred.Select(p => p.Name))}.");
                }
            }

            if (changed.Count > 0)
            {
                notes.Add($"Shoot '{plan.Name}': {changed.Count} photo(s) changed since they were edited and are not sent again: {List(changed)}. To edit them again (billed), run the command with -NewProject.");
            }

            if (failedKept.Count > 0)
            {
                notes.Add($"Shoot '{plan.Name}': {failedKept.Count} photo(s) the service could not edit earlier are not sent again until they change: {List(failedKept)}. Add -RetryFailed to send them again (billed).");
            }

            plan.ToSend = candidates;
            plan.Deferred = deferred;
            plan.Changed = changed;
            plan.FailedKept = failedKept;
            plan.Notes = notes;
            var continuing = plan.Runs.Where(r => !r.Billed && r.State != ImagenRunState.SaveOnly && r.State != ImagenRunState.EditRequested && !_plan.NewProject).ToList();
            plan.PhotosToBill = candidates.Count + continuing.Sum(r => r.Files.Count(f => File.Exists(f.Path) || f.Uploaded))
                + plan.Runs.Where(r => r.State == ImagenRunState.EditRequested).Sum(r => r.FileCount);
            plan.FollowOn = plan.Runs.Any(r => r.State != ImagenRunState.SaveOnly) || plan.Found.Count > 0;
            if (candidates.Count > 0)
            {
                var readable = plan.Shoot?.Readable ?? ImagenProjectNames.Readable(plan.Name);
                plan.NewProjectName = _plan.ProjectName != null && !plan.FollowOn
                    ? _plan.ProjectName
                    : ImagenProjectNames.For(_plan.ProjectName != null ? ImagenProjectNames.Readable(_plan.ProjectName) : readable, candidates.Select(p => (p.Name, p.Length)).ToList(), plan.FollowOn);
            }

            plan.NothingToDo = candidates.Count == 0 && plan.Found.Count == 0 && !plan.Runs.Any(r => NeedsWork(r));
            return plan;
        }

        /// <summary>True when a project of the shoot is not finished, or an export is asked for that it has not had.</summary>
        internal bool NeedsWork(ImagenRunRecord run) =>
            run.State != ImagenRunState.SaveOnly
            && (run.Status == ImagenRunStatus.Pending || (_plan.Export && run.State == ImagenRunState.EditDone));

        private (List<ImagenShootPhoto> Candidates, List<ImagenShootPhoto> Deferred, List<string> Changed, List<string> FailedKept) Classify(ImagenShootPlan plan, DateTime nowUtc)
        {
            var candidates = new List<ImagenShootPhoto>();
            var deferred = new List<ImagenShootPhoto>();
            var changed = new List<string>();
            var failedKept = new List<string>();
            var projects = plan.Runs.Where(r => r.State != ImagenRunState.SaveOnly).ToList();
            foreach (var photo in plan.Photos)
            {
                var settling = photo.IsSettling(nowUtc, _plan.QuietPeriod);
                if (_plan.NewProject)
                {
                    (settling ? deferred : candidates).Add(photo);
                    continue;
                }

                var sent = projects.LastOrDefault(r => r.State >= ImagenRunState.EditRequested && r.FindFile(photo.Name) != null);
                if (sent != null)
                {
                    if (settling)
                    {
                        continue; // being rewritten right now: judged by a later run
                    }

                    var failed = sent.State == ImagenRunState.EditFailed || sent.FailedPhotos.ContainsKey(photo.Name);
                    var same = SameBytes(plan, photo, sent.FindFile(photo.Name)!);
                    if (failed && (_plan.RetryFailed || !same))
                    {
                        candidates.Add(photo);
                    }
                    else if (failed)
                    {
                        failedKept.Add(photo.Name);
                    }
                    else if (!same)
                    {
                        changed.Add(photo.Name);
                    }

                    continue;
                }

                if (projects.Any(r => r.State < ImagenRunState.EditRequested && r.FindFile(photo.Name) != null))
                {
                    continue; // goes with the project not edited yet that holds it
                }

                (settling ? deferred : candidates).Add(photo);
            }

            return (candidates, deferred, changed, failedKept);
        }

        /// <summary>
        /// True when the photo's bytes are the ones its project was sent: by the size and time stamp when they are the
        /// same as recorded (no read), else by MD5 (read once; the shoot record then keeps the new time stamp).
        /// </summary>
        private static bool SameBytes(ImagenShootPlan plan, ImagenShootPhoto photo, ImagenRunFile sent)
        {
            if (photo.SameStamp(sent.Length, sent.LastWriteTimeUtc))
            {
                return true;
            }

            var cached = plan.Shoot?.FindPhoto(photo.Name);
            string? md5 = cached != null && cached.Md5 != null && photo.SameStamp(cached.Length, cached.LastWriteTimeUtc) ? cached.Md5 : null;
            if (md5 == null && photo.Length == sent.Length && sent.Md5 != null)
            {
                md5 = Hash(plan, photo);
            }

            return md5 != null && sent.Md5 != null ? string.Equals(md5, sent.Md5, StringComparison.Ordinal) : false;
        }

        /// <summary>
        /// New photos that are byte-identical copies of photos another shoot already had edited (a shoot copied to a
        /// second folder): not billed again; -NewProject edits them on purpose.
        /// </summary>
        private List<ImagenShootPhoto> LeaveOutCopies(ImagenShootPlan plan, List<ImagenShootPhoto> candidates, List<string> notes)
        {
            var copies = new List<(ImagenShootPhoto Photo, ImagenRunRecord Run)>();
            foreach (var photo in candidates)
            {
                var run = _plan.RunStore.EditedCopyOf(photo, plan.Shoot?.ShootId, () => Hash(plan, photo));
                if (run != null)
                {
                    copies.Add((photo, run));
                }
            }

            if (copies.Count == 0)
            {
                return candidates;
            }

            var projects = string.Join(", ", copies.Select(c => $"'{c.Run.ProjectName}' ({c.Run.ProjectId})").Distinct().Take(3));
            notes.Add($"Shoot '{plan.Name}': {copies.Count} photo(s) are byte-identical copies of photos already edited in project {projects} and are not sent again: {List(copies.Select(c => c.Photo.Name))}. To edit them again (billed), run the command with -NewProject.");
            return candidates.Except(copies.Select(c => c.Photo)).ToList();
        }

        private static string Hash(ImagenShootPlan plan, ImagenShootPhoto photo)
        {
            if (!plan.Hashes.TryGetValue(photo.Name, out var md5))
            {
                md5 = Md5Hasher.ComputeBase64(photo.Path, null, CancellationToken.None);
                plan.Hashes[photo.Name] = md5;
            }

            return md5;
        }

        /// <summary>
        /// Photos the records do not know may still be in a project of this shoot that the service holds (a record
        /// lost, another path, machine or account): those found are taken out of the new photos. A project of the shoot
        /// being edited whose photos cannot be told yet holds the new photos back, lest they be billed twice.
        /// </summary>
        private async Task<List<ImagenShootPhoto>> FindOnServiceAsync(ImagenShootPlan plan, List<ImagenShootPhoto> candidates, List<string> notes, CancellationToken cancellationToken)
        {
            var readable = plan.Shoot?.Readable ?? ImagenProjectNames.Readable(_plan.ProjectName ?? plan.Name);
            var known = new HashSet<string>(plan.Runs.Select(r => r.ProjectId).Where(id => id != null).Select(id => id!), StringComparer.Ordinal);
            var found = new List<FoundProject>();
            foreach (var project in (await _service.ProjectsOfAsync(readable, candidates, cancellationToken).ConfigureAwait(false)).Where(p => !known.Contains(p.ProjectId)).OrderBy(p => p.CreatedAt))
            {
                var state = await _service.ReadAsync(project, cancellationToken).ConfigureAwait(false);
                var held = state.Match(candidates);
                if (held.Count > 0)
                {
                    state.Photos = held;
                    found.Add(state);
                    candidates = candidates.Except(held).ToList();
                    notes.Add($"Shoot '{plan.Name}': project '{project.Name}' ({project.ProjectId}) on the service already holds {held.Count} of its photo(s) ({state.Edit.Status}); they are collected, not sent again.");
                }
                else if (state.Edit.State == ImagenJobState.InProgress && candidates.Count > 0)
                {
                    notes.Add($"Shoot '{plan.Name}': project '{project.Name}' ({project.ProjectId}) of this shoot is being edited on the service and its photos cannot be told yet; the shoot's new photos wait for a later run, so none is billed twice.");
                    plan.Postponed = true;
                    candidates = new List<ImagenShootPhoto>();
                }
                else
                {
                    _log.Verbose($"Project '{project.Name}' ({project.ProjectId}) has this shoot's name but not these photos; it is left alone.");
                }
            }

            plan.Found = found;
            return candidates;
        }

        /// <summary>Checks of the photos to send (as Test-ImagenProfileFiles checks them) and results that would collide.</summary>
        private IReadOnlyList<ImagenFileProblem> Problems(ImagenShootPlan plan, IReadOnlyList<ImagenShootPhoto> candidates)
        {
            if (candidates.Count == 0)
            {
                return Array.Empty<ImagenFileProblem>();
            }

            var problems = ProfileFileValidator.Validate(candidates.Select(p => p.Path), _plan.Profile, _inspectContent).Problems.ToList();
            var sending = new HashSet<string>(candidates.Select(p => p.Path), ImagenRunRecord.PathComparer);
            var everything = plan.Photos.Select(p => p.Path)
                .Concat(plan.Runs.Where(r => r.State != ImagenRunState.SaveOnly).SelectMany(r => r.Files.Select(f => f.Path)))
                .Distinct(ImagenRunRecord.PathComparer);
            foreach (var collision in ShootScanner.Collisions(everything).Where(g => g.Any(sending.Contains)))
            {
                var names = collision.Select(p => Relative(plan.Folder, p)).ToList();
                var stem = Path.GetFileNameWithoutExtension(collision[0]);
                problems.Add(new ImagenFileProblem(
                    ImagenErrorIds.ResultNamesCollide,
                    $"{string.Join(" and ", names)} would both give the results {stem}.xmp and {stem}.jpg, and one paid edit would be lost; nothing of shoot '{plan.Name}' was sent.",
                    collision,
                    $"Rename one of them (e.g. {Path.GetFileNameWithoutExtension(collision[1])}_2{Path.GetExtension(collision[1])}), or move it to a shoot folder of its own, then run the command again."));
            }

            return problems;
        }

        /// <summary>What differs between this command's billed settings and those a project of the shoot was edited with, or null.</summary>
        private string? SettingsConflict(IReadOnlyList<ImagenRunRecord> runs)
        {
            var now = _plan.Settings;
            foreach (var run in runs.Where(r => r.Billed && r.State != ImagenRunState.SaveOnly && !r.FoundOnService).Reverse())
            {
                var differences = Differences(run.Settings, now);
                if (differences.Count > 0)
                {
                    return $"This shoot was edited in project '{run.ProjectName}' ({run.ProjectId}) with {string.Join(" and ", differences.Select(d => d.Then))}; this command asks for {string.Join(" and ", differences.Select(d => d.Now))}. Nothing was created or billed. To edit the shoot again with the new settings (billed again), add -NewProject; to go on with the shoot as it was edited, use its settings.";
                }
            }

            return null;
        }

        private static List<(string Then, string Now)> Differences(IReadOnlyDictionary<string, string> then, IReadOnlyDictionary<string, string> now)
        {
            var differences = new List<(string, string)>();
            var thenProfile = then.TryGetValue("profileKey", out var p1) ? p1 : "(none)";
            var nowProfile = now.TryGetValue("profileKey", out var p2) ? p2 : "(none)";
            if (!string.Equals(thenProfile, nowProfile, StringComparison.Ordinal))
            {
                differences.Add(($"profile {thenProfile}", $"profile {nowProfile}"));
            }

            var thenOptions = BilledOptions(then.TryGetValue("editOptions", out var o1) ? o1 : null);
            var nowOptions = BilledOptions(now.TryGetValue("editOptions", out var o2) ? o2 : null);
            if (!thenOptions.OrderBy(o => o.Key).SequenceEqual(nowOptions.OrderBy(o => o.Key)))
            {
                differences.Add(($"the edit options {Describe(thenOptions)}", $"{Describe(nowOptions)}"));
            }

            return differences;
        }

        /// <summary>The options of a settings text that change the edit (not the export or a callback), by wire name.</summary>
        private static Dictionary<string, string> BilledOptions(string? text)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            if (string.IsNullOrWhiteSpace(text))
            {
                return options;
            }

            using (var document = JsonDocument.Parse(text!))
            {
                foreach (var option in document.RootElement.EnumerateObject())
                {
                    if (option.Name != "export" && option.Name != "callback_url" && option.Name != "profile_key")
                    {
                        options[option.Name] = option.Value.GetRawText();
                    }
                }
            }

            return options;
        }

        private static string Describe(Dictionary<string, string> options) =>
            options.Count == 0 ? "(none)" : string.Join(", ", options.OrderBy(o => o.Key).Select(o => o.Value == "true" ? o.Key : $"{o.Key} {o.Value.Trim('"')}"));

        private static string Relative(string folder, string path)
        {
            var prefix = folder.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) ? path.Substring(prefix.Length) : path;
        }

        private static string Seconds(TimeSpan span) => $"{span.TotalSeconds:0} s";

        private static string List(IEnumerable<string> names)
        {
            var all = names.ToList();
            return string.Join(", ", all.Take(10)) + (all.Count > 10 ? $", and {all.Count - 10} more" : string.Empty);
        }
    }
}
