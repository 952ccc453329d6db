using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Where the module remembers shoots: one folder per run (a project of a shoot, see <see cref="ImagenRunRecord"/>)
    /// and one file per shoot in the "shoots" subfolder (see <see cref="ImagenShootRecord"/>), under
    /// <see cref="Directory"/> (default <see cref="DefaultDirectory"/>, or the IMAGEN_RUN_PATH environment variable),
    /// never in the shoot folder, which may be a read-only share. The records are a cache of what the service and the
    /// disk can tell again: one that cannot be read is set aside (renamed, and named in <see cref="SetAside"/>) and
    /// never stops anything. Within a process a record is shared by everyone who loads it (Invoke-ImagenEdit and
    /// Save-ImagenResult in one pipeline write through the same instance) and read again when another process wrote
    /// it. Shoot locks are machine-wide (see <see cref="LockDirectory"/>), so every account and path on the machine
    /// meets the same lock.
    /// </summary>
    /// <remarks>
    /// A store reads each record once: it lists its folders on first use, and again only after this process created or
    /// removed a record there or on <see cref="Refresh"/>, and keeps what it read. What a shoot needs (its record, its
    /// projects) is checked against the disk (a stat) when it is asked for; lists of every record (<see cref="List"/>,
    /// <see cref="ListShoots"/>) check them all. So a nightly scan of a thousand unchanged shoots reads each record once,
    /// not once per shoot.
    /// </remarks>
    public sealed class ImagenRunStore
    {
        /// <summary>The environment variable that moves the store.</summary>
        public const string PathVariable = "IMAGEN_RUN_PATH";

        /// <summary>The environment variable that moves the machine-wide shoot locks (tests give each run its own).</summary>
        public const string LockPathVariable = "IMAGEN_LOCK_PATH";

        /// <summary>Suffix of a record folder being written for the first time; readers skip it.</summary>
        internal const string BuildingSuffix = ".building";

        /// <summary>Marks a record set aside because it could not be read.</summary>
        internal const string DamagedMarker = ".damaged-";

        private const string LocksFolderName = "locks";
        private const string ShootsFolderName = "shoots";
        private readonly List<string> _setAside = new List<string>();
        private static readonly Dictionary<string, WeakReference<ImagenRunRecord>> Live = new Dictionary<string, WeakReference<ImagenRunRecord>>(StringComparer.Ordinal);

        /// <summary>Records created or removed by this process, per store folder: a store that saw fewer lists its folders again.</summary>
        private static readonly Dictionary<string, int> Changes = new Dictionary<string, int>(ImagenRunRecord.PathComparer);

        private readonly object _index = new object();

        /// <summary>The run records as last read, by folder.</summary>
        private readonly Dictionary<string, ImagenRunRecord> _runs = new Dictionary<string, ImagenRunRecord>(StringComparer.Ordinal);

        /// <summary>The shoot records as last read, by file.</summary>
        private readonly Dictionary<string, ImagenShootRecord> _shoots = new Dictionary<string, ImagenShootRecord>(StringComparer.Ordinal);

        /// <summary>The count of <see cref="Changes"/> when the folders were last listed; -1 before.</summary>
        private int _listedChanges = -1;

        /// <summary>Opens the store at <paramref name="directory"/>, else IMAGEN_RUN_PATH, else <see cref="DefaultDirectory"/>.</summary>
        public ImagenRunStore(string? directory = null)
        {
            var chosen = !string.IsNullOrWhiteSpace(directory) ? directory
                : !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(PathVariable)) ? Environment.GetEnvironmentVariable(PathVariable)
                : DefaultDirectory;
            Directory = Path.GetFullPath(chosen!);
        }

        /// <summary>
        /// The user's local application data folder + Imagen/Runs (%LOCALAPPDATA%\Imagen\Runs on Windows,
        /// ~/.local/share/Imagen/Runs on Linux and macOS).
        /// </summary>
        public static string DefaultDirectory
        {
            get
            {
                var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
                if (string.IsNullOrEmpty(local))
                {
                    local = Path.GetTempPath();
                }

                return Path.Combine(local, "Imagen", "Runs");
            }
        }

        /// <summary>The folder holding the records.</summary>
        public string Directory { get; }

        /// <summary>Test hook: runs between a snapshot's temporary write and its rename.</summary>
        internal static Action<string>? BeforeRenameHook { get; set; }

        /// <summary>
        /// Where shoot locks live: IMAGEN_LOCK_PATH, else one folder for the whole machine (%ProgramData%\Imagen\Locks
        /// on Windows, /tmp/imagen-locks elsewhere), so two accounts editing one shoot meet the same lock.
        /// </summary>
        public static string LockDirectory
        {
            get
            {
                var chosen = Environment.GetEnvironmentVariable(LockPathVariable);
                if (!string.IsNullOrWhiteSpace(chosen))
                {
                    return Path.GetFullPath(chosen);
                }

                return Path.DirectorySeparatorChar == '\\'
                    ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.CommonApplicationData, Environment.SpecialFolderOption.DoNotVerify), "Imagen", "Locks")
                    : "/tmp/imagen-locks";
            }
        }

        /// <summary>
        /// Records this store set aside because they could not be read, one sentence each (what, where it went, that it
        /// is rebuilt). A command warns with them.
        /// </summary>
        public IReadOnlyList<string> SetAside
        {
            get
            {
                lock (_setAside)
                {
                    return _setAside.ToList();
                }
            }
        }

        private string ShootsFolder => Path.Combine(Directory, ShootsFolderName);

        /// <summary>Every readable run record as it is now, newest first. One that cannot be read is set aside (see <see cref="SetAside"/>).</summary>
        public IReadOnlyList<ImagenRunRecord> List()
        {
            Refresh();
            return NewestFirst(IndexedRuns());
        }

        /// <summary>The projects (run records) of a shoot as they are now, oldest first.</summary>
        public IReadOnlyList<ImagenRunRecord> RunsOf(string shootId)
        {
            // A run record's shoot only ever goes from none to one (a shoot adopting a record from before shoots).
            return IndexedRuns()
                .Where(r => r.ShootId == null || string.Equals(r.ShootId, shootId, StringComparison.Ordinal))
                .Select(r => CurrentRun(r.Folder))
                .Where(r => r != null && string.Equals(r.ShootId, shootId, StringComparison.Ordinal))
                .Select(r => r!)
                .OrderBy(r => r.CreatedAt)
                .ThenBy(r => r.RunId, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>Every readable shoot record as it is now, the latest updated first. One that cannot be read is set aside (see <see cref="SetAside"/>).</summary>
        public IReadOnlyList<ImagenShootRecord> ListShoots()
        {
            Refresh();
            return IndexedShoots().OrderByDescending(s => s.UpdatedAt).ToList();
        }

        /// <summary>The shoot with this id as it is now, or null.</summary>
        public ImagenShootRecord? FindShoot(string shootId)
        {
            var indexed = IndexedShoots().FirstOrDefault(s => string.Equals(s.ShootId, shootId, StringComparison.Ordinal));
            var current = indexed == null ? null : CurrentShoot(indexed.File);
            if (current != null)
            {
                return current;
            }

            Refresh();
            return IndexedShoots().FirstOrDefault(s => string.Equals(s.ShootId, shootId, StringComparison.Ordinal));
        }

        /// <summary>
        /// Reads again what changed on disk since this store read it: records other processes created, changed or
        /// removed. A run does it under a shoot's lock, before it decides what to send.
        /// </summary>
        public void Refresh()
        {
            lock (_index)
            {
                ListFolders();
                foreach (var folder in _runs.Keys.ToList())
                {
                    CurrentRun(folder);
                }

                foreach (var file in _shoots.Keys.ToList())
                {
                    CurrentShoot(file);
                }
            }
        }

        /// <summary>
        /// The shoot a folder's photos belong to: the one seen at this folder (its path or its file-system identity), else
        /// the one that recognises most of its photos by name and size and is not where it was any more (a folder moved
        /// or renamed), when that is at least half of the smaller of the two and the photos' bytes confirm it (the MD5
        /// of a few of them, read now, equals what was sent). A copy (the shoot still where it was) is a shoot of its
        /// own. Null for a shoot never seen here.
        /// </summary>
        public ImagenShootRecord? FindShoot(string folder, string folderIdentity, string imageType, IReadOnlyCollection<ImagenShootPhoto> photos)
        {
            var here = SeenAt(folder, folderIdentity, imageType);
            if (here != null)
            {
                return here;
            }

            // Not seen here as last read: before the folder counts as new or moved, the records as they are now.
            Refresh();
            here = SeenAt(folder, folderIdentity, imageType);
            if (here != null)
            {
                return here;
            }

            var shoots = IndexedShoots().Where(s => string.Equals(s.ImageType, imageType, StringComparison.OrdinalIgnoreCase)).OrderByDescending(s => s.UpdatedAt).ToList();
            return shoots
                .Select(s => (Shoot: s, Known: s.Recognises(photos)))
                .Where(m => m.Known > 0 && m.Known * 2 >= Math.Min(m.Shoot.PhotoCount, photos.Count) && IsGone(m.Shoot, photos))
                .OrderByDescending(m => m.Known)
                .Select(m => m.Shoot)
                .FirstOrDefault(s => SameBytes(photos, name => s.FindPhoto(name)?.Md5 ?? RunsOf(s.ShootId).Select(r => r.FindFile(name)?.Md5).FirstOrDefault(m => m != null)));
        }

        /// <summary>The shoot last seen at this folder (its path or identity), checked against its file now, or null.</summary>
        private ImagenShootRecord? SeenAt(string folder, string folderIdentity, string imageType)
        {
            var seen = IndexedShoots()
                .Where(s => string.Equals(s.ImageType, imageType, StringComparison.OrdinalIgnoreCase) && s.WasSeenAt(folder, folderIdentity))
                .OrderByDescending(s => s.UpdatedAt)
                .ToList();
            return seen
                .Select(s => CurrentShoot(s.File))
                .FirstOrDefault(s => s != null && string.Equals(s.ImageType, imageType, StringComparison.OrdinalIgnoreCase) && s.WasSeenAt(folder, folderIdentity));
        }

        /// <summary>True when the shoot's last folder no longer holds these photos (it was moved, or is gone).</summary>
        private static bool IsGone(ImagenShootRecord shoot, IEnumerable<ImagenShootPhoto> photos) =>
            !System.IO.Directory.Exists(shoot.Folder) || !photos.Any(p => File.Exists(Path.Combine(shoot.Folder, p.Name)) && shoot.FindPhoto(p.Name) != null);

        /// <summary>
        /// A project of another shoot that was sent a byte-identical photo (same name and size, and the MD5 read now equals
        /// the one it went up with): a copy of an edited photo, which is not billed again. Null when there is none. A
        /// Smart Edit is no edit with a profile: its photos are not taken for edited ones.
        /// </summary>
        public ImagenRunRecord? EditedCopyOf(ImagenShootPhoto photo, string? exceptShootId, Func<string> md5)
        {
            // The records as read: whether a photo was edited elsewhere does not hang on a record changed this instant.
            string? hashed = null;
            foreach (var run in NewestFirst(IndexedRuns()).Where(r => r.State >= ImagenRunState.EditRequested && r.State != ImagenRunState.SaveOnly && !r.IsSmartEdit && r.ShootId != exceptShootId))
            {
                var file = run.FindFile(photo.Name);
                if (file != null && file.Length == photo.Length && file.Md5 != null
                    && (run.State != ImagenRunState.EditFailed && !run.FailedPhotos.ContainsKey(photo.Name))
                    && string.Equals(hashed ??= md5(), file.Md5, StringComparison.Ordinal))
                {
                    return run;
                }
            }

            return null;
        }

        /// <summary>
        /// True when up to three photos whose MD5 is on record (by name) hash to it now: photos that only share names
        /// and sizes with a shoot's (a camera's counter starting over) are not taken for it. With no MD5 on record
        /// (Content-MD5 off), names and sizes decide.
        /// </summary>
        private static bool SameBytes(IEnumerable<ImagenShootPhoto> photos, Func<string, string?> recordedMd5)
        {
            const int MostChecked = 3;
            var checkedCount = 0;
            foreach (var photo in photos)
            {
                var recorded = recordedMd5(photo.Name);
                if (recorded == null)
                {
                    continue;
                }

                if (!string.Equals(Md5Hasher.ComputeBase64(photo.Path, null, CancellationToken.None), recorded, StringComparison.Ordinal))
                {
                    return false;
                }

                if (++checkedCount == MostChecked)
                {
                    break;
                }
            }

            return true;
        }

        /// <summary>Starts remembering a new shoot (written at once).</summary>
        public ImagenShootRecord CreateShoot(string folder, string folderIdentity, string imageType, string? readable = null)
        {
            var now = DateTimeOffset.UtcNow;
            var name = Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            var shootId = "shoot-" + now.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var shoot = new ImagenShootRecord(Path.Combine(ShootsFolder, shootId + ".json"), shootId, string.IsNullOrEmpty(name) ? folder : name, readable ?? ImagenProjectNames.Readable(name), imageType, now);
            shoot.SeenAt(folder, folderIdentity);
            shoot.Save();
            Changed();
            return shoot;
        }

        /// <summary>
        /// Run records of no shoot this store knows (from before shoots, or whose shoot record was lost) that hold photos
        /// of this folder, by path, or by name and size confirmed by the photos' MD5: the shoot adopts them so nothing
        /// they billed is billed again. Only runs of the family asked for: a Smart Edit's (<paramref name="smartEdit"/>)
        /// or a profile's edit, never one for the other.
        /// </summary>
        public IReadOnlyList<ImagenRunRecord> UnclaimedRunsFor(string folder, IReadOnlyCollection<ImagenShootPhoto> photos, bool smartEdit = false)
        {
            var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar);
            var byName = photos.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var shoots = new HashSet<string>(IndexedShoots().Select(s => s.ShootId), StringComparer.Ordinal);
            bool Unclaimed(ImagenRunRecord r) => (r.ShootId == null || !shoots.Contains(r.ShootId)) && r.IsSmartEdit == smartEdit;
            return NewestFirst(IndexedRuns().Where(Unclaimed).Select(r => CurrentRun(r.Folder)).Where(r => r != null).Select(r => r!))
                .Where(r => Unclaimed(r) && r.State != ImagenRunState.SaveOnly)
                .Where(r => r.Files.Any(f => ImagenRunRecord.PathComparer.Equals(Path.GetDirectoryName(f.Path), full))
                    || SameBytes(r.Files.Where(f => byName.TryGetValue(f.Name, out var p) && p.Length == f.Length).Select(f => byName[f.Name]).ToList(), name => r.FindFile(name)?.Md5)
                        && r.Files.Any(f => byName.TryGetValue(f.Name, out var p) && p.Length == f.Length))
                .Reverse()
                .ToList();
        }

        /// <summary>The newest record of <paramref name="projectId"/>, or null.</summary>
        public ImagenRunRecord? FindByProject(string projectId) =>
            List().FirstOrDefault(r => string.Equals(r.ProjectId, projectId, StringComparison.Ordinal));

        /// <summary>The record with this run id, or null.</summary>
        public ImagenRunRecord? Find(string runId) =>
            List().FirstOrDefault(r => string.Equals(r.RunId, runId, StringComparison.OrdinalIgnoreCase));

        /// <summary>
        /// The newest record of <paramref name="projectId"/>; when there is none (a project not started by
        /// Invoke-ImagenEdit here), a new save-only record that knows the originals given.
        /// </summary>
        public ImagenRunRecord ForProject(string projectId, IReadOnlyDictionary<string, string>? originals)
        {
            if (string.IsNullOrWhiteSpace(projectId))
            {
                throw new ArgumentException("A project id is needed.", nameof(projectId));
            }

            var existing = FindByProject(projectId);
            if (existing != null)
            {
                return existing;
            }

            var files = (originals ?? new Dictionary<string, string>()).Values.Select(ImagenRunFile.FromDisk).ToList();
            var record = New("project-" + projectId, files, new Dictionary<string, string>(), null, export: false);
            record.InitializeSaveOnly(projectId);
            record.WriteInitial();
            Changed();
            return record;
        }

        /// <summary>Creates and writes a new record for a run about to start.</summary>
        public ImagenRunRecord Create(string shootKey, IEnumerable<ImagenRunFile> files, IReadOnlyDictionary<string, string> settings, string? projectName, bool export) =>
            Create(shootKey, null, files, settings, projectName, export);

        /// <summary>Creates and writes a new record for a project of the shoot <paramref name="shootId"/>.</summary>
        public ImagenRunRecord Create(string shootKey, string? shootId, IEnumerable<ImagenRunFile> files, IReadOnlyDictionary<string, string> settings, string? projectName, bool export)
        {
            var record = New(shootKey, files, settings, projectName, export);
            if (shootId != null)
            {
                record.InitializeShoot(shootId);
            }

            record.WriteInitial();
            Changed();
            return record;
        }

        /// <summary>
        /// Writes a record for a project of the shoot found on the service by its name (a record lost, or another path,
        /// machine or account started it): its photos, its id and where it stands.
        /// </summary>
        internal ImagenRunRecord Adopt(string shootKey, string shootId, IEnumerable<ImagenRunFile> files, IReadOnlyDictionary<string, string> settings, string projectName, string projectId, ImagenRunState state, bool export)
        {
            var record = New(shootKey, files, settings, projectName, export);
            record.InitializeShoot(shootId);
            record.InitializeFoundOnService(projectId, state);
            record.WriteInitial();
            Changed();
            return record;
        }

        /// <summary>Deletes a record. Refuses (ImagenRunInProgress) while a run holds its shoot's lock.</summary>
        public void Remove(ImagenRunRecord record)
        {
            if (record == null)
            {
                throw new ArgumentNullException(nameof(record));
            }

            var shoot = record.ShootId == null ? null : FindShoot(record.ShootId);
            if (ImagenRunLock.IsHeld(Path.Combine(Directory, LocksFolderName), record.ShootKey) || (shoot != null && IsLocked(shoot)))
            {
                throw new ImagenException($"Run {record.RunId} (project {record.ProjectId ?? "not created yet"}) is in progress; it was not removed.", ImagenErrorIds.RunInProgress);
            }

            lock (Live)
            {
                Live.Remove(record.Folder);
            }

            if (System.IO.Directory.Exists(record.Folder))
            {
                System.IO.Directory.Delete(record.Folder, recursive: true);
            }

            Changed();
        }

        /// <summary>Removes a shoot's record and every run record of it. Refuses (ImagenRunInProgress) while a run holds its lock.</summary>
        public void RemoveShoot(ImagenShootRecord shoot)
        {
            if (IsLocked(shoot))
            {
                throw new ImagenException($"Shoot '{shoot.Name}' ({shoot.ShootId}) is being edited now; it was not removed.", ImagenErrorIds.RunInProgress);
            }

            foreach (var run in RunsOf(shoot.ShootId))
            {
                Remove(run);
            }

            AtomicFile.TryDelete(shoot.File);
            Changed();
        }

        /// <summary>True when a record of this id was set aside because it could not be read.</summary>
        public bool HasSetAside(string id) =>
            (System.IO.Directory.Exists(Directory) && System.IO.Directory.GetDirectories(Directory, id + DamagedMarker + "*").Length > 0)
            || (System.IO.Directory.Exists(ShootsFolder) && System.IO.Directory.GetFiles(ShootsFolder, id + "*" + DamagedMarker + "*").Length > 0);

        /// <summary>
        /// Removes a record that was set aside because it could not be read (a folder or file whose name holds
        /// <paramref name="id"/> and the damaged marker). Returns how many were removed.
        /// </summary>
        public int RemoveSetAside(string id)
        {
            var removed = 0;
            foreach (var folder in System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetDirectories(Directory, id + DamagedMarker + "*") : new string[0])
            {
                System.IO.Directory.Delete(folder, recursive: true);
                removed++;
            }

            foreach (var file in System.IO.Directory.Exists(ShootsFolder) ? System.IO.Directory.GetFiles(ShootsFolder, id + "*" + DamagedMarker + "*") : new string[0])
            {
                File.Delete(file);
                removed++;
            }

            Changed();
            return removed;
        }

        /// <summary>
        /// Takes the lock of the shoot folder whose file-system identity is <paramref name="folderIdentity"/>,
        /// machine-wide, waiting up to <paramref name="wait"/> for another run (see <see cref="ImagenRunLock"/>).
        /// </summary>
        public Task<ImagenRunLock> LockAsync(string folderIdentity, string owner, TimeSpan wait, CancellationToken cancellationToken = default) =>
            ImagenRunLock.AcquireAsync(LockDirectory, LockKey(folderIdentity), owner, wait, cancellationToken);

        /// <summary>True while some process holds the lock of this shoot folder identity.</summary>
        public bool IsLocked(string folderIdentity) => ImagenRunLock.IsHeld(LockDirectory, LockKey(folderIdentity));

        /// <summary>True while some process holds the lock of any folder the shoot was seen at.</summary>
        public bool IsLocked(ImagenShootRecord shoot) => shoot.FolderIds.Any(IsLocked);

        /// <summary>A lock file name for a folder identity (a hash: identities hold path characters).</summary>
        private static string LockKey(string folderIdentity)
        {
            using (var sha = SHA256.Create())
            {
                return "shoot-" + BitConverter.ToString(sha.ComputeHash(Encoding.UTF8.GetBytes(folderIdentity)), 0, 12).Replace("-", string.Empty).ToLowerInvariant();
            }
        }

        /// <summary>
        /// The identity of a shoot: a hash of its originals' full paths, in any order. The same photos give the same
        /// key from any working folder; the key says nothing about the files' contents (the record keeps those).
        /// </summary>
        public static string ShootKeyFor(IEnumerable<string> fullPaths)
        {
            var comparer = ImagenRunRecord.PathComparer;
            var normalized = fullPaths.Select(p => comparer == StringComparer.OrdinalIgnoreCase ? p.ToUpperInvariant() : p).OrderBy(p => p, StringComparer.Ordinal);
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(string.Join("\n", normalized)));
                return "shoot-" + BitConverter.ToString(hash, 0, 12).Replace("-", string.Empty).ToLowerInvariant();
            }
        }

        private ImagenRunRecord New(string shootKey, IEnumerable<ImagenRunFile> files, IReadOnlyDictionary<string, string> settings, string? projectName, bool export)
        {
            var now = DateTimeOffset.UtcNow;
            var runId = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N").Substring(0, 8);
            var record = new ImagenRunRecord(Path.Combine(Directory, runId), runId, shootKey, files, settings, projectName, export, now);
            lock (Live)
            {
                Live[record.Folder] = new WeakReference<ImagenRunRecord>(record);
            }

            return record;
        }

        private static List<ImagenRunRecord> NewestFirst(IEnumerable<ImagenRunRecord> runs) =>
            runs.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RunId, StringComparer.Ordinal).ToList();

        /// <summary>This process created or removed a record here: every store of this folder lists it again.</summary>
        private void Changed()
        {
            lock (Changes)
            {
                Changes[Directory] = ChangeCount() + 1;
            }
        }

        private int ChangeCount()
        {
            lock (Changes)
            {
                return Changes.TryGetValue(Directory, out var count) ? count : 0;
            }
        }

        /// <summary>The run records as last read (the folders listed first when this process changed them since).</summary>
        private List<ImagenRunRecord> IndexedRuns()
        {
            lock (_index)
            {
                ListFoldersIfChanged();
                return _runs.Values.ToList();
            }
        }

        /// <summary>The shoot records as last read (the folders listed first when this process changed them since).</summary>
        private List<ImagenShootRecord> IndexedShoots()
        {
            lock (_index)
            {
                ListFoldersIfChanged();
                return _shoots.Values.ToList();
            }
        }

        private void ListFoldersIfChanged()
        {
            if (_listedChanges != ChangeCount())
            {
                ListFolders();
            }
        }

        /// <summary>Lists the record folders and files: reads those not read yet, forgets those gone; keeps the rest as read.</summary>
        private void ListFolders()
        {
            lock (_index)
            {
                _listedChanges = ChangeCount();
                var folders = System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetDirectories(Directory).Where(IsRunFolder).ToList() : new List<string>();
                Forget(_runs, folders);
                foreach (var folder in folders.Where(f => !_runs.ContainsKey(f)))
                {
                    var record = Load(folder);
                    if (record != null)
                    {
                        _runs[folder] = record;
                    }
                }

                var files = System.IO.Directory.Exists(ShootsFolder) ? System.IO.Directory.GetFiles(ShootsFolder, "*.json").ToList() : new List<string>();
                Forget(_shoots, files);
                foreach (var file in files.Where(f => !_shoots.ContainsKey(f)))
                {
                    CurrentShoot(file);
                }
            }
        }

        private static void Forget<T>(Dictionary<string, T> index, IEnumerable<string> listed)
        {
            var present = new HashSet<string>(listed, StringComparer.Ordinal);
            foreach (var gone in index.Keys.Where(k => !present.Contains(k)).ToList())
            {
                index.Remove(gone);
            }
        }

        /// <summary>The run record in this folder as it is on disk now (read again only when it changed), or null when it is gone or unreadable.</summary>
        private ImagenRunRecord? CurrentRun(string folder)
        {
            var record = System.IO.Directory.Exists(folder) ? Load(folder) : null;
            lock (_index)
            {
                if (record == null)
                {
                    _runs.Remove(folder);
                }
                else
                {
                    _runs[folder] = record;
                }
            }

            return record;
        }

        /// <summary>The shoot record in this file as it is on disk now (read again only when it changed), or null when it is gone or unreadable.</summary>
        private ImagenShootRecord? CurrentShoot(string file)
        {
            lock (_index)
            {
                if (_shoots.TryGetValue(file, out var known) && known.IsCurrent())
                {
                    return known;
                }

                _shoots.Remove(file);
                if (!File.Exists(file))
                {
                    return null;
                }

                try
                {
                    var record = ImagenShootRecord.Load(file);
                    _shoots[file] = record;
                    return record;
                }
                catch (IOException)
                {
                    // Held by another process this instant: it is read next time.
                    return null;
                }
                catch (Exception damaged) when (damaged is JsonException || damaged is KeyNotFoundException || damaged is InvalidOperationException || damaged is FormatException)
                {
                    PutAside(file, $"The shoot record '{file}' could not be read ({damaged.Message})", isFolder: false);
                    return null;
                }
            }
        }

        private ImagenRunRecord? Load(string folder)
        {
            lock (Live)
            {
                if (Live.TryGetValue(folder, out var weak) && weak.TryGetTarget(out var live) && live.IsCurrent())
                {
                    return live;
                }

                ImagenRunRecord record;
                try
                {
                    record = ImagenRunRecord.Load(folder);
                }
                catch (InvalidDataException damaged)
                {
                    PutAside(folder, $"The run record '{folder}' could not be read ({damaged.Message})", isFolder: true);
                    return null;
                }
                catch (Exception busy) when (busy is IOException || busy is UnauthorizedAccessException)
                {
                    // Held by another process this instant (Windows): read next time, never set aside.
                    return null;
                }

                Live[folder] = new WeakReference<ImagenRunRecord>(record);
                return record;
            }
        }

        /// <summary>Folders of run records: not the locks or shoots, not one being written, not one set aside.</summary>
        private static bool IsRunFolder(string folder)
        {
            var name = Path.GetFileName(folder);
            return !string.Equals(name, LocksFolderName, StringComparison.Ordinal)
                && !string.Equals(name, ShootsFolderName, StringComparison.Ordinal)
                && !name.EndsWith(BuildingSuffix, StringComparison.Ordinal)
                && name.IndexOf(DamagedMarker, StringComparison.Ordinal) < 0;
        }

        /// <summary>Renames an unreadable record out of the way (it never stops anything) and says so once.</summary>
        private void PutAside(string path, string what, bool isFolder)
        {
            var aside = path + DamagedMarker + DateTime.UtcNow.ToString("yyyyMMddTHHmmssfffZ", CultureInfo.InvariantCulture);
            try
            {
                if (isFolder)
                {
                    System.IO.Directory.Move(path, aside);
                }
                else
                {
                    File.Move(path, aside);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                aside = null;
            }

            lock (_setAside)
            {
                _setAside.Add(aside == null
                    ? $"{what}; it is skipped (it could not be moved aside: remove it with Remove-ImagenRun). What it knew is found again on the service and the disk."
                    : $"{what}; it was set aside as '{aside}'. What it knew is found again on the service and the disk; Remove-ImagenRun -RunId '{Path.GetFileName(path)}' deletes it.");
            }
        }
    }
}
