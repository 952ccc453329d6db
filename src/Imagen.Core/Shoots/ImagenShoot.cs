using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// A shoot as Get-ImagenRun shows it: where it is, its projects (run records), and where its photos stand (edited,
    /// pending, failed, billed). Pending counts the photos on disk no project holds yet too, when the folder is there.
    /// A record from before shoots, or a save-only record, is a shoot of its own with no <see cref="ShootId"/>.
    /// </summary>
    public sealed class ImagenShoot
    {
        private ImagenShoot(string runPath, ImagenShootRecord? record, string name, string folder, string imageType, IReadOnlyList<ImagenRunRecord> projects, IReadOnlyCollection<string>? present)
        {
            RunPath = runPath;
            Record = record;
            Name = name;
            Folder = folder;
            ImageType = imageType;
            Projects = projects;
            var counts = ImagenShootCounts.Of(projects, present);
            Photos = counts.Photos;
            Edited = counts.Edited;
            Pending = counts.Pending;
            Failed = counts.Failed;
            Billed = counts.Billed;
            PhotoFailures = counts.Failures;
            UpdatedAt = projects.Select(p => p.UpdatedAt).Concat(record == null ? Array.Empty<DateTimeOffset>() : new[] { record.UpdatedAt }).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        }

        /// <summary>The shoot record, or null for a lone run record.</summary>
        public ImagenShootRecord? Record { get; }

        public string? ShootId => Record?.ShootId;

        /// <summary>The folder of the run records that remember the shoot (what -RunPath names).</summary>
        public string RunPath { get; }

        /// <summary>The shoot folder's name.</summary>
        public string Name { get; }

        /// <summary>Where the shoot was last seen.</summary>
        public string Folder { get; }

        /// <summary>Every path the shoot was seen at, the latest first.</summary>
        public IReadOnlyList<string> Folders => Record?.Folders ?? new[] { Folder };

        public string ImageType { get; }

        /// <summary>The shoot's projects, oldest first.</summary>
        public IReadOnlyList<ImagenRunRecord> Projects { get; }

        /// <summary>The newest project's id (what Save-ImagenResult gets with the shoot).</summary>
        public string? ProjectId => Projects.LastOrDefault(p => p.ProjectId != null)?.ProjectId;

        /// <summary>The newest project's name.</summary>
        public string? ProjectName => Projects.LastOrDefault(p => p.ProjectId != null)?.ProjectName;

        public int Photos { get; }

        public int Edited { get; }

        public int Pending { get; }

        public int Failed { get; }

        /// <summary>Photos billed over all the shoot's projects.</summary>
        public int Billed { get; }

        public IReadOnlyList<ImagenPhotoFailure> PhotoFailures { get; }

        /// <summary>Pending while a project is unfinished or photos wait; Failed when photos or a project failed; else Finished.</summary>
        public ImagenRunStatus Status =>
            Projects.Any(p => p.Status == ImagenRunStatus.Pending) || Pending > 0 ? ImagenRunStatus.Pending
            : Failed > 0 || Projects.Any(p => p.Status == ImagenRunStatus.Failed) ? ImagenRunStatus.Failed
            : ImagenRunStatus.Finished;

        /// <summary>True when a project of the shoot is billed and not finished: its record is what collects it.</summary>
        public bool HasBilledPendingProject => Projects.Any(p => p.Billed && p.Status == ImagenRunStatus.Pending);

        public DateTimeOffset UpdatedAt { get; }

        public override string ToString() => $"{Name}: {Edited} of {Photos} edited, {Pending} pending, {Failed} failed, {Billed} billed";

        /// <summary>Every shoot of the store, with lone run records as shoots of their own, newest first.</summary>
        public static IReadOnlyList<ImagenShoot> All(ImagenRunStore store, bool listFolders = true)
        {
            var runs = store.List();
            var shoots = new List<ImagenShoot>();
            foreach (var record in store.ListShoots())
            {
                var projects = runs.Where(r => r.ShootId == record.ShootId).OrderBy(r => r.CreatedAt).ToList();
                shoots.Add(new ImagenShoot(store.Directory, record, record.Name, record.Folder, record.ImageType, projects, listFolders ? PresentPhotos(record, projects) : null));
            }

            var claimed = new HashSet<string>(shoots.Select(s => s.ShootId!), StringComparer.Ordinal);
            foreach (var lone in runs.Where(r => r.ShootId == null || !claimed.Contains(r.ShootId)))
            {
                var folder = Path.GetDirectoryName(lone.Files.FirstOrDefault()?.Path ?? string.Empty) ?? string.Empty;
                shoots.Add(new ImagenShoot(store.Directory, null, lone.ProjectName ?? lone.RunId, folder, string.Empty, new[] { lone }, null));
            }

            return shoots.OrderByDescending(s => s.UpdatedAt).ToList();
        }

        /// <summary>The photo names in the shoot's folder now (a listing), or null when the folder is not there.</summary>
        private static IReadOnlyCollection<string>? PresentPhotos(ImagenShootRecord record, IReadOnlyList<ImagenRunRecord> projects)
        {
            var kind = ImagenFileTypes.KindForProfileImageType(record.ImageType);
            if (kind == null || !Directory.Exists(record.Folder))
            {
                return null;
            }

            var recurse = projects.SelectMany(p => p.Files).Any(f => !string.Equals(Path.GetDirectoryName(f.Path), record.Folder.TrimEnd(Path.DirectorySeparatorChar), StringComparison.OrdinalIgnoreCase));
            try
            {
                return ShootScanner.Scan(record.Folder, kind.Value, recurse).Select(p => p.Name).ToList();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
