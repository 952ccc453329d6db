using System;

namespace Imagen.Core
{
    /// <summary>One entry of get_temporary_download_links: an output file and its signed link.</summary>
    public sealed class ImagenDownloadLink
    {
        public ImagenDownloadLink(string projectId, ImagenJobKind kind, string fileName, Uri url)
        {
            ProjectId = projectId;
            Kind = kind;
            FileName = fileName;
            Url = url;
        }

        public string ProjectId { get; }

        /// <summary>Edit outputs (XMP, DNG/JPEG with XMP) or exported JPEGs.</summary>
        public ImagenJobKind Kind { get; }

        /// <summary>The file_name exactly as the server sent it (checked before it becomes a local name).</summary>
        public string FileName { get; }

        /// <summary>The signed link. A credential while it lives: not for logs.</summary>
        public Uri Url { get; }

        /// <summary>The project's family, so a Final link can be asked for again (regular unless set).</summary>
        public ImagenProjectSource Source { get; init; }

        public override string ToString() => $"{Kind} {FileName}";
    }
}
