using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// What one shoot needs now, worked out from its folder, its records and (for photos the records do not know) the
    /// service, before anything is created: the new photos that go to one new project, the projects of the shoot to
    /// continue, collect or export, the photos left for later (still being written), and anything that stops the shoot
    /// (a refused photo, results that would collide, other settings than the shoot was edited with).
    /// </summary>
    public sealed class ImagenShootPlan
    {
        internal ImagenShootPlan(string folder, string folderIdentity, IReadOnlyList<ImagenShootPhoto> photos)
        {
            Folder = folder;
            FolderIdentity = folderIdentity;
            Photos = photos;
            Name = Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        }

        /// <summary>The shoot folder (full path).</summary>
        public string Folder { get; }

        /// <summary>The folder's name.</summary>
        public string Name { get; }

        /// <summary>The shoot's id in the run store, or null for a shoot not seen before.</summary>
        public string? ShootId => Shoot?.ShootId;

        /// <summary>The shoot's photos of the profile's type found now.</summary>
        public IReadOnlyList<ImagenShootPhoto> Photos { get; }

        /// <summary>The photos that go to the shoot's new project now (billed).</summary>
        public IReadOnlyList<ImagenShootPhoto> ToSend { get; internal set; } = Array.Empty<ImagenShootPhoto>();

        /// <summary>The name the new project gets (when there are photos to send).</summary>
        public string? NewProjectName { get; internal set; }

        /// <summary>True when the new project follows earlier projects of the shoot (photos added since).</summary>
        public bool FollowOn { get; internal set; }

        /// <summary>Photos written less than the quiet period ago: left for a later run.</summary>
        public IReadOnlyList<ImagenShootPhoto> Deferred { get; internal set; } = Array.Empty<ImagenShootPhoto>();

        /// <summary>True when the whole shoot waits for a later run (most of it is still arriving).</summary>
        public bool Postponed { get; internal set; }

        /// <summary>Edited photos whose bytes changed since (not sent again without -NewProject).</summary>
        public IReadOnlyList<string> Changed { get; internal set; } = Array.Empty<string>();

        /// <summary>Photos the service could not edit earlier that stay as they are (unchanged, no -RetryFailed).</summary>
        public IReadOnlyList<string> FailedKept { get; internal set; } = Array.Empty<string>();

        /// <summary>The shoot's projects this machine knows (run records), oldest first.</summary>
        public IReadOnlyList<ImagenRunRecord> Runs { get; internal set; } = Array.Empty<ImagenRunRecord>();

        /// <summary>Projects of the shoot found on the service by their names that no record here knew.</summary>
        internal IReadOnlyList<FoundProject> Found { get; set; } = Array.Empty<FoundProject>();

        /// <summary>Why nothing can be sent for this shoot now (other settings than it was edited with), or null.</summary>
        public string? SettingsConflict { get; internal set; }

        /// <summary>Photos refused before anything is created: their checks, and results that would collide.</summary>
        public IReadOnlyList<ImagenFileProblem> Problems { get; internal set; } = Array.Empty<ImagenFileProblem>();

        /// <summary>Things the user should hear (warnings): photos left for later, changed or failed earlier, found on the service.</summary>
        public IReadOnlyList<string> Notes { get; internal set; } = Array.Empty<string>();

        /// <summary>Photos this shoot sends to edits now: the new project's and those of its projects not edited yet.</summary>
        public int PhotosToBill { get; internal set; }

        /// <summary>True when the shoot has nothing to send, continue, collect or export.</summary>
        public bool NothingToDo { get; internal set; }

        /// <summary>True when the plan refuses the shoot (problems or a settings conflict): nothing is created.</summary>
        public bool IsRefused => Problems.Count > 0 || SettingsConflict != null;

        internal string FolderIdentity { get; }

        /// <summary>True when the shoot's photos are files given one by one (not the folder's listing).</summary>
        internal bool GivenFiles { get; set; }

        /// <summary>True when the folder's subfolders were listed too.</summary>
        internal bool Recursed { get; set; }

        internal ImagenShootRecord? Shoot { get; set; }

        /// <summary>Photos hashed while planning (name -> base64 MD5), so the run does not read them again.</summary>
        internal Dictionary<string, string> Hashes { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>One line for -WhatIf and -Confirm: what would be created, billed, collected or exported.</summary>
        public string Describe()
        {
            var parts = new List<string>();
            if (ToSend.Count > 0)
            {
                parts.Add($"edit {ToSend.Count} photo(s) as project '{NewProjectName}' (billed)");
            }

            var pending = Runs.Where(r => !r.Billed && r.State != ImagenRunState.SaveOnly).ToList();
            if (pending.Count > 0)
            {
                parts.Add($"continue {pending.Count} project(s) not edited yet ({pending.Sum(r => r.FileCount)} photo(s), billed)");
            }

            var collect = Runs.Where(r => r.Billed && r.Status == ImagenRunStatus.Pending).Count() + Found.Count;
            if (collect > 0)
            {
                parts.Add($"collect {collect} billed project(s)");
            }

            return parts.Count == 0 ? "nothing to send (already edited)" : string.Join("; ", parts);
        }

        public override string ToString() => $"{Name}: {Describe()}";
    }
}
