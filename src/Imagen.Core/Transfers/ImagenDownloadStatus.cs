namespace Imagen.Core
{
    public enum ImagenDownloadStatus
    {
        Downloaded,

        /// <summary>The destination existed and overwrite was not asked for; it was left untouched.</summary>
        Skipped,

        Failed,
    }
}
