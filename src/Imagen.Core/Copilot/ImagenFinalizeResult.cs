using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>The outcome of finalize (§3.11, §8.4): the final images' links, enhanced ones upscaled.</summary>
    public sealed class ImagenFinalizeResult
    {
        public ImagenFinalizeResult(string projectId, ImagenProjectSource source, IReadOnlyList<ImagenDownloadLink> links)
        {
            ProjectId = projectId;
            Source = source;
            Links = links;
        }

        public string ProjectId { get; }

        public ImagenProjectSource Source { get; }

        /// <summary>One link per image (Kind Final); Save-ImagenResult downloads them.</summary>
        public IReadOnlyList<ImagenDownloadLink> Links { get; }

        public int Count => Links.Count;

        public override string ToString() => $"{ProjectId}: {Links.Count} final images";
    }
}
