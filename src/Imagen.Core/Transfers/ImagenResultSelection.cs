namespace Imagen.Core
{
    /// <summary>Which results of a project to download.</summary>
    public enum ImagenResultSelection
    {
        /// <summary>The edit outputs: XMP sidecars for RAW files, DNG/JPEG with the XMP embedded otherwise.</summary>
        Edit,

        /// <summary>The exported JPEGs.</summary>
        Export,

        /// <summary>Both.</summary>
        All,
    }
}
