using System.Collections.Generic;
using System.Linq;

namespace Imagen.Core
{
    public sealed class ImagenDownloadSummary
    {
        internal ImagenDownloadSummary(IReadOnlyList<ImagenDownloadResult> results)
        {
            Results = results;
        }

        /// <summary>One per link, in link order.</summary>
        public IReadOnlyList<ImagenDownloadResult> Results { get; }

        public int Downloaded => Results.Count(r => r.Status == ImagenDownloadStatus.Downloaded);

        public int Skipped => Results.Count(r => r.Status == ImagenDownloadStatus.Skipped);

        public int Failed => Results.Count(r => r.Status == ImagenDownloadStatus.Failed);

        /// <summary>Already on disk with the same bytes (they count as saved).</summary>
        public int Unchanged => Results.Count(r => r.Status == ImagenDownloadStatus.Unchanged);

        /// <summary>Not saved because the save stopped first (see <see cref="ImagenLocalWriteException"/>).</summary>
        public int Pending => Results.Count(r => r.Status == ImagenDownloadStatus.Pending);

        /// <summary>Every file whose result is on disk now: downloaded, or already there and identical.</summary>
        public int Saved => Downloaded + Unchanged;
    }
}
