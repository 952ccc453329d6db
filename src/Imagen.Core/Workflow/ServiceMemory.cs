using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// The service as the memory of last resort. Project names are unique per account and say which shoot and photos
    /// a project holds (see <see cref="ImagenProjectNames"/>), so a shoot whose records are lost, or that another path,
    /// machine or account started, finds its projects by listing the account's project names once per command, and
    /// learns each one's photos from its outputs (an edited project) or its name's fingerprint.
    /// </summary>
    internal sealed class ServiceMemory
    {
        private readonly ImagenClient _client;
        private readonly Dictionary<string, FoundProject> _read = new Dictionary<string, FoundProject>(StringComparer.Ordinal);
        private IReadOnlyList<ImagenProject>? _projects;

        public ServiceMemory(ImagenClient client)
        {
            _client = client;
        }

        /// <summary>
        /// The account's projects (listed once, then remembered) that may hold photos of a shoot: those named for its
        /// readable name (<paramref name="readable"/>), and those of any name whose fingerprint is exactly that of
        /// <paramref name="photos"/> (the same photos reached through a folder of another name: a bind mount, a mapped
        /// share, a renamed folder whose record is lost).
        /// </summary>
        public async Task<IReadOnlyList<ImagenProject>> ProjectsOfAsync(string readable, IReadOnlyCollection<ImagenShootPhoto> photos, CancellationToken cancellationToken)
        {
            if (_projects == null)
            {
                _client.Log.Verbose("Reading the account's project names, so no photo the service already holds is sent again.");
                _projects = await _client.GetAllProjectsAsync(archived: null, cancellationToken).ConfigureAwait(false);
                _client.Log.Verbose($"The account has {_projects.Count} project(s).");
            }

            var fingerprint = ImagenProjectNames.Fingerprint(photos.Select(p => (p.Name, p.Length)).ToList());
            return _projects.Where(p => ImagenProjectNames.BelongsTo(p.Name, readable)
                || (ImagenProjectNames.TryParse(p.Name, out _, out var count, out var print, out _) && count == photos.Count && print == fingerprint)).ToList();
        }

        /// <summary>Where a project stands on the service and, once edited, which photos it edited and which it could not.</summary>
        public async Task<FoundProject> ReadAsync(ImagenProject project, CancellationToken cancellationToken)
        {
            if (_read.TryGetValue(project.ProjectId, out var known))
            {
                return known;
            }

            var edit = await _client.GetJobStatusAsync(project.ProjectId, ImagenJobKind.Edit, cancellationToken).ConfigureAwait(false);
            var export = await _client.GetJobStatusAsync(project.ProjectId, ImagenJobKind.Export, cancellationToken).ConfigureAwait(false);
            IReadOnlyList<string> outputs = Array.Empty<string>();
            if (edit.State == ImagenJobState.Completed)
            {
                var links = await _client.GetEditDownloadLinksAsync(project.ProjectId, cancellationToken).ConfigureAwait(false);
                outputs = links.Select(l => l.FileName).ToList();
            }

            var found = new FoundProject(project, edit, export, outputs);
            _read[project.ProjectId] = found;
            return found;
        }
    }

    /// <summary>A project of a shoot found on the service: its name's parts, its edit and export, and its outputs once edited.</summary>
    internal sealed class FoundProject
    {
        public FoundProject(ImagenProject project, ImagenJobStatus edit, ImagenJobStatus export, IReadOnlyList<string> outputs)
        {
            Project = project;
            Edit = edit;
            Export = export;
            Outputs = outputs;
            ImagenProjectNames.TryParse(project.Name, out _, out var count, out var fingerprint, out _);
            Count = count;
            Fingerprint = fingerprint;
        }

        public ImagenProject Project { get; }

        public ImagenJobStatus Edit { get; }

        public ImagenJobStatus Export { get; }

        /// <summary>The edit's output file names (empty before the edit completed).</summary>
        public IReadOnlyList<string> Outputs { get; }

        /// <summary>The photo count its name gives.</summary>
        public int Count { get; }

        /// <summary>The fingerprint of its photos' names and sizes its name gives.</summary>
        public string Fingerprint { get; }

        /// <summary>The photos of the project, once matched to a folder's photos.</summary>
        public IReadOnlyList<ImagenShootPhoto> Photos { get; set; } = Array.Empty<ImagenShootPhoto>();

        /// <summary>
        /// The photos of <paramref name="candidates"/> this project holds, or none when its name's fingerprint does not
        /// match them: after the edit, the photos its outputs (and the details' failures) name; before, all candidates,
        /// if they are exactly its photos.
        /// </summary>
        public IReadOnlyList<ImagenShootPhoto> Match(IReadOnlyList<ImagenShootPhoto> candidates)
        {
            var held = candidates;
            if (Outputs.Count > 0)
            {
                var stems = new HashSet<string>(Outputs.Select(output => Path.GetFileNameWithoutExtension(output)!), StringComparer.OrdinalIgnoreCase);
                held = candidates.Where(p => stems.Contains(Path.GetFileNameWithoutExtension(p.Name)) || Mentions(Edit.Details, p.Name)).ToList();
            }

            return held.Count == Count && ImagenProjectNames.Fingerprint(held.Select(p => (p.Name, p.Length)).ToList()) == Fingerprint
                ? held
                : Array.Empty<ImagenShootPhoto>();
        }

        /// <summary>The state a run record of this project starts in.</summary>
        public ImagenRunState RunState =>
            Export.State == ImagenJobState.Completed ? ImagenRunState.ExportDone
            : Export.State == ImagenJobState.Failed ? ImagenRunState.ExportFailed
            : Export.State == ImagenJobState.InProgress ? ImagenRunState.ExportAccepted
            : Edit.State == ImagenJobState.Completed ? ImagenRunState.EditDone
            : Edit.State == ImagenJobState.Failed ? ImagenRunState.EditFailed
            : Edit.State == ImagenJobState.InProgress ? ImagenRunState.EditAccepted
            : ImagenRunState.ProjectCreated;

        /// <summary>True when the edit was accepted (the project is billed).</summary>
        public bool Billed => Edit.State != ImagenJobState.Pending && Edit.State != ImagenJobState.Unknown;

        internal static bool Mentions(string? details, string name) =>
            details != null && details.IndexOf("'" + name + "'", StringComparison.OrdinalIgnoreCase) >= 0;
    }
}
