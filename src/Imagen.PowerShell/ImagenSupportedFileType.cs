using Imagen.Core;

namespace Imagen.PowerShell
{
    /// <summary>One file extension Imagen accepts, and whether it is a RAW or a JPEG extension.</summary>
    public sealed class ImagenSupportedFileType
    {
        internal ImagenSupportedFileType(string extension, ImagenFileKind kind)
        {
            Extension = extension;
            Kind = kind;
        }

        /// <summary>Lower case, with the dot, e.g. ".cr2" (files match it case-insensitively).</summary>
        public string Extension { get; }

        /// <summary>Raw or Jpeg: the ImageType of the profiles that can edit it (RAW or JPG).</summary>
        public ImagenFileKind Kind { get; }

        public override string ToString() => Extension;
    }
}
