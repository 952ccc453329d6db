using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Which of a project's results to download and the folder for each, decided before anything is written, so a
    /// caller can preview it (-WhatIf) or ask per file (-Confirm) and then download the approved part.
    /// </summary>
    public sealed class ImagenResultDownloadPlan
    {
        private readonly Dictionary<ImagenDownloadLink, string> _folders;

        private ImagenResultDownloadPlan(string projectId, IReadOnlyList<ImagenResultDownload> items, bool overwrite, ImagenOutputLedger? ledger)
        {
            ProjectId = projectId;
            Items = items;
            Overwrite = overwrite;
            Ledger = ledger;
            _folders = items.ToDictionary(i => i.Link, i => i.Folder);
        }

        public string ProjectId { get; }

        /// <summary>The downloads in the server's order: edit outputs first, then exports.</summary>
        public IReadOnlyList<ImagenResultDownload> Items { get; }

        public bool Overwrite { get; }

        /// <summary>What the run records know (originals, outputs written) and where new outputs are recorded; may be set before downloading.</summary>
        public ImagenOutputLedger? Ledger { get; set; }

        /// <summary>True when the project has no results (yet) of the kinds asked for.</summary>
        public bool IsEmpty => Items.Count == 0;

        /// <summary>
        /// Decides the kinds (by default the edit outputs, plus the exports when the export has completed), fetches
        /// their links and places each one. Only reads from the service.
        /// </summary>
        public static async Task<ImagenResultDownloadPlan> CreateAsync(ImagenClient client, ImagenResultDownloadRequest request, CancellationToken cancellationToken = default)
        {
            if (client == null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            Check(request);
            var selection = request.Selection ?? (await IsExportedAsync(client, request, cancellationToken).ConfigureAwait(false) ? ImagenResultSelection.All : ImagenResultSelection.Edit);
            var links = new List<ImagenDownloadLink>();
            if (selection != ImagenResultSelection.Export)
            {
                links.AddRange(await client.GetDownloadLinksAsync(request.ProjectId, ImagenJobKind.Edit, cancellationToken).ConfigureAwait(false));
            }

            if (selection != ImagenResultSelection.Edit)
            {
                links.AddRange(await client.GetDownloadLinksAsync(request.ProjectId, ImagenJobKind.Export, cancellationToken).ConfigureAwait(false));
            }

            return ForLinks(links, request);
        }

        /// <summary>
        /// Places links already fetched, by the same rules as <see cref="CreateAsync"/>. Touches nothing. With
        /// neither a destination nor known originals, results would go to the fallback folder; when that folder
        /// holds photos named like the results (see <see cref="PhotosNamedLikeResults"/>), it is most likely the
        /// originals' folder, and the plan is refused (ImagenOriginalsFolder) rather than mixing results into it.
        /// </summary>
        public static ImagenResultDownloadPlan ForLinks(IReadOnlyList<ImagenDownloadLink> links, ImagenResultDownloadRequest request)
        {
            if (links == null)
            {
                throw new ArgumentNullException(nameof(links));
            }

            Check(request);
            var destination = string.IsNullOrEmpty(request.DestinationFolder) ? null : Path.GetFullPath(request.DestinationFolder);
            var originals = request.Originals ?? new Dictionary<string, string>();
            var fallback = Path.GetFullPath(string.IsNullOrEmpty(request.FallbackFolder) ? Directory.GetCurrentDirectory() : request.FallbackFolder);

            if (destination == null && originals.Count == 0)
            {
                var photos = PhotosNamedLikeResults(fallback, links, request.Ledger);
                if (photos.Count > 0)
                {
                    throw new ImagenException(
                        $"The folder '{fallback}' holds photos named like the results of project {request.ProjectId} ({string.Join(", ", photos.Take(3))}{(photos.Count > 3 ? $" and {photos.Count - 3} more" : string.Empty)}), most likely its originals, and no run record says where the originals are, so nothing was saved there. Give a folder with -Path, or pipe Invoke-ImagenEdit's output to Save-ImagenResult.",
                        ImagenErrorIds.OriginalsFolder);
                }
            }

            // Exports get their own subfolder only when they would otherwise mix with the edit outputs.
            var bothKinds = links.Select(l => l.Kind).Distinct().Count() > 1;
            var items = new List<ImagenResultDownload>(links.Count);
            foreach (var link in links)
            {
                string folder;
                if (destination == null && originals.Count > 0)
                {
                    folder = ImagenResultLayout.FolderFor(link, originals);
                }
                else
                {
                    folder = destination ?? fallback;
                    if (link.Kind == ImagenJobKind.Export && bothKinds)
                    {
                        folder = Path.Combine(folder, ImagenResultLayout.ExportFolderName);
                    }
                }

                string? target = null;
                string? refusal = null;
                try
                {
                    target = ImagenDownloadPaths.Resolve(folder, link.FileName);
                }
                catch (ImagenException unsafeName)
                {
                    refusal = unsafeName.Message;
                }

                items.Add(new ImagenResultDownload(link, folder, target, refusal, target != null && File.Exists(target)));
            }

            return new ImagenResultDownloadPlan(request.ProjectId, items, request.Overwrite, request.Ledger);
        }

        /// <summary>The folder planned for <paramref name="link"/>.</summary>
        public string FolderFor(ImagenDownloadLink link) =>
            _folders.TryGetValue(link, out var folder) ? folder : throw new ArgumentException($"'{link}' is not part of this plan.", nameof(link));

        /// <summary>
        /// Downloads the planned files (or only <paramref name="approved"/> of them) with the client's transfer rules:
        /// temporary file + rename, existing files skipped unless the plan overwrites, refused names reported.
        /// </summary>
        public Task<ImagenDownloadSummary> DownloadAsync(ImagenClient client, IEnumerable<ImagenResultDownload>? approved = null, IProgress<ImagenTransferProgress>? progress = null, int? throttleLimit = null, CancellationToken cancellationToken = default)
        {
            if (client == null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            var links = (approved ?? Items).Select(i => i.Link).ToList();
            return client.DownloadFilesAsync(links, FolderFor, Overwrite, progress, throttleLimit, Ledger, cancellationToken);
        }

        /// <summary>
        /// The photos (RAW or JPEG files) in <paramref name="folder"/> whose base name is a result's base name, e.g.
        /// IMG_0001.CR2 for IMG_0001.xmp or IMG_0001.dng for an edited IMG_0001.dng: without a run record, that is how
        /// a folder holding the originals is recognised. Results this module recorded writing there do not count.
        /// </summary>
        public static IReadOnlyList<string> PhotosNamedLikeResults(string folder, IEnumerable<ImagenDownloadLink> links, ImagenOutputLedger? ledger = null)
        {
            if (!Directory.Exists(folder))
            {
                return new List<string>();
            }

            var stems = new HashSet<string>(links.Select(l => Path.GetFileNameWithoutExtension(l.FileName)), StringComparer.OrdinalIgnoreCase);
            return Directory.EnumerateFiles(folder)
                .Where(f => stems.Contains(Path.GetFileNameWithoutExtension(f)) && ImagenFileTypes.Classify(f) != ImagenFileKind.Unsupported)
                .Where(f => ledger?.FindOutput(f) == null)
                .Select(Path.GetFileName)
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .ToList()!;
        }

        private static void Check(ImagenResultDownloadRequest request)
        {
            if (request == null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (string.IsNullOrWhiteSpace(request.ProjectId))
            {
                throw new ArgumentException("The project id is empty.", nameof(request));
            }
        }

        private static async Task<bool> IsExportedAsync(ImagenClient client, ImagenResultDownloadRequest request, CancellationToken cancellationToken)
        {
            if (request.ExportStatus != null)
            {
                return ImagenJobStatus.Classify(request.ExportStatus) == ImagenJobState.Completed;
            }

            var status = await client.GetExportStatusAsync(request.ProjectId, cancellationToken).ConfigureAwait(false);
            return status.State == ImagenJobState.Completed;
        }
    }
}
