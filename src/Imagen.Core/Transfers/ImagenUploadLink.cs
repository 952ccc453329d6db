using System;

namespace Imagen.Core
{
    /// <summary>A single signed PUT link for one file (Smart Editing get_upload_link, export/get_upload_link).</summary>
    public sealed class ImagenUploadLink
    {
        public ImagenUploadLink(string projectId, ImagenJobKind kind, string fileName, Uri url)
        {
            ProjectId = projectId;
            Kind = kind;
            FileName = fileName;
            Url = url;
        }

        public string ProjectId { get; }

        /// <summary>SmartEdit (an input image) or Export (a replacement exported JPEG).</summary>
        public ImagenJobKind Kind { get; }

        public string FileName { get; }

        /// <summary>The signed link. A credential while it lives: not for logs.</summary>
        public Uri Url { get; }

        public override string ToString() => $"{Kind} upload {FileName}";
    }
}
