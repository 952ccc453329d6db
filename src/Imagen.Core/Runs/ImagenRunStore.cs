using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Where run records live: one folder per run under <see cref="Directory"/> (default
    /// <see cref="DefaultDirectory"/>, or the IMAGEN_RUN_PATH environment variable), never in the shoot folder,
    /// which may be a read-only share. Lock files for shoots are in its "locks" subfolder. Within a process a record
    /// is shared by everyone who loads it (Invoke-ImagenEdit and Save-ImagenResult in one pipeline write through the
    /// same instance) and read again when another process wrote it.
    /// </summary>
    public sealed class ImagenRunStore
    {
        /// <summary>The environment variable that moves the store.</summary>
        public const string PathVariable = "IMAGEN_RUN_PATH";

        private const string LocksFolderName = "locks";
        private static readonly Dictionary<string, WeakReference<ImagenRunRecord>> Live = new Dictionary<string, WeakReference<ImagenRunRecord>>(StringComparer.Ordinal);

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

        private string LocksFolder => Path.Combine(Directory, LocksFolderName);

        /// <summary>Every readable record, newest first. Folders without a readable snapshot are skipped.</summary>
        public IReadOnlyList<ImagenRunRecord> List()
        {
            if (!System.IO.Directory.Exists(Directory))
            {
                return new List<ImagenRunRecord>();
            }

            return System.IO.Directory.GetDirectories(Directory)
                .Where(d => !string.Equals(Path.GetFileName(d), LocksFolderName, StringComparison.Ordinal))
                .Select(Load)
                .Where(r => r != null)
                .Select(r => r!)
                .OrderByDescending(r => r.CreatedAt)
                .ThenByDescending(r => r.RunId, StringComparer.Ordinal)
                .ToList();
        }

        /// <summary>The newest record of <paramref name="projectId"/>, or null.</summary>
        public ImagenRunRecord? FindByProject(string projectId) =>
            List().FirstOrDefault(r => string.Equals(r.ProjectId, projectId, StringComparison.Ordinal));

        /// <summary>The newest record of a shoot (see <see cref="ShootKeyFor"/>), or null.</summary>
        public ImagenRunRecord? FindLatest(string shootKey) =>
            List().FirstOrDefault(r => string.Equals(r.ShootKey, shootKey, StringComparison.Ordinal));

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
            return record;
        }

        /// <summary>Creates and writes a new record for a run about to start.</summary>
        public ImagenRunRecord Create(string shootKey, IEnumerable<ImagenRunFile> files, IReadOnlyDictionary<string, string> settings, string? projectName, bool export)
        {
            var record = New(shootKey, files, settings, projectName, export);
            record.WriteInitial();
            return record;
        }

        /// <summary>Deletes a record. Refuses (ImagenRunInProgress) while a run holds its shoot's lock.</summary>
        public void Remove(ImagenRunRecord record)
        {
            if (record == null)
            {
                throw new ArgumentNullException(nameof(record));
            }

            if (ImagenRunLock.IsHeld(LocksFolder, record.ShootKey))
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
        }

        /// <summary>Takes the shoot's lock, waiting up to <paramref name="wait"/> for another run (see <see cref="ImagenRunLock"/>).</summary>
        public Task<ImagenRunLock> LockAsync(string shootKey, string owner, TimeSpan wait, CancellationToken cancellationToken = default) =>
            ImagenRunLock.AcquireAsync(LocksFolder, shootKey, owner, wait, cancellationToken);

        /// <summary>True while some process holds the shoot's lock.</summary>
        public bool IsLocked(string shootKey) => ImagenRunLock.IsHeld(LocksFolder, shootKey);

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

        private static ImagenRunRecord? Load(string folder)
        {
            lock (Live)
            {
                if (Live.TryGetValue(folder, out var weak) && weak.TryGetTarget(out var live) && live.IsCurrent())
                {
                    return live;
                }

                var record = ImagenRunRecord.Load(folder);
                if (record != null)
                {
                    Live[folder] = new WeakReference<ImagenRunRecord>(record);
                }

                return record;
            }
        }
    }
}
