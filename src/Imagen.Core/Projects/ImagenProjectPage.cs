using System.Collections.Generic;

namespace Imagen.Core
{
    /// <summary>One page of GET /projects.</summary>
    public sealed class ImagenProjectPage
    {
        public ImagenProjectPage(IReadOnlyList<ImagenProject> projects, int? total, int page, int size)
        {
            Projects = projects;
            Total = total;
            Page = page;
            Size = size;
        }

        public IReadOnlyList<ImagenProject> Projects { get; }

        /// <summary>Total across all pages, when the server says.</summary>
        public int? Total { get; }

        /// <summary>Zero-based page number.</summary>
        public int Page { get; }

        public int Size { get; }

        /// <summary>True when a later page may hold more projects.</summary>
        public bool HasMore => Total.HasValue ? (Page + 1) * Size < Total.Value : Projects.Count == Size;
    }
}
