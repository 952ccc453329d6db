using System;
using System.Collections.Generic;
using System.Linq;

namespace Imagen.Core
{
    /// <summary>
    /// Where each photo of a shoot stands, from its projects' records: a photo's latest project that was sent to an
    /// edit decides (edited, failed, or still being edited); photos in a project not edited yet, and photos on disk
    /// that no project holds yet, are pending. Billed counts every photo every accepted edit took.
    /// </summary>
    public sealed class ImagenShootCounts
    {
        private ImagenShootCounts()
        {
        }

        public int Edited { get; private set; }

        public int Failed { get; private set; }

        public int Pending { get; private set; }

        public int Billed { get; private set; }

        /// <summary>Photos of the shoot: those on disk now when known, else those its projects hold.</summary>
        public int Photos { get; private set; }

        /// <summary>The photos the service could not edit (their latest project says so), with the reason.</summary>
        public IReadOnlyList<ImagenPhotoFailure> Failures { get; private set; } = Array.Empty<ImagenPhotoFailure>();

        /// <summary>
        /// Counts the photos of <paramref name="runs"/>; with <paramref name="present"/> (the photos on disk now), only
        /// those, and present photos no project holds are pending.
        /// </summary>
        public static ImagenShootCounts Of(IReadOnlyList<ImagenRunRecord> runs, IReadOnlyCollection<string>? present = null)
        {
            var projects = runs.Where(r => r.State != ImagenRunState.SaveOnly).OrderBy(r => r.CreatedAt).ToList();
            var names = present != null
                ? present.Distinct(StringComparer.OrdinalIgnoreCase).ToList()
                : projects.SelectMany(r => r.Files.Select(f => f.Name)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var counts = new ImagenShootCounts { Photos = names.Count, Billed = projects.Where(r => r.Billed).Sum(r => r.FileCount) };
            var failures = new List<ImagenPhotoFailure>();
            foreach (var name in names)
            {
                var sent = projects.LastOrDefault(r => r.State >= ImagenRunState.EditRequested && r.FindFile(name) != null);
                if (sent == null || sent.State < ImagenRunState.EditDone)
                {
                    counts.Pending++;
                }
                else if (sent.State == ImagenRunState.EditFailed || sent.FailedPhotos.ContainsKey(name))
                {
                    counts.Failed++;
                    var reason = sent.FailedPhotos.TryGetValue(name, out var why) ? why : "the edit of its project failed" + (sent.LastError != null ? ": " + sent.LastError : ".");
                    failures.Add(new ImagenPhotoFailure(name, sent.FindFile(name)!.Path, sent.ProjectId ?? string.Empty, reason));
                }
                else
                {
                    counts.Edited++;
                }
            }

            counts.Failures = failures;
            return counts;
        }
    }
}
