namespace Imagen.Core
{
    public enum ImagenDownloadStatus
    {
        Downloaded,

        /// <summary>
        /// An existing file differs from the result and was left untouched: it was not written by this module (never
        /// replaced), or it was and overwrite was not asked for.
        /// </summary>
        Skipped,

        Failed,

        /// <summary>The file on disk already holds exactly these bytes: it counts as saved and was not rewritten.</summary>
        Unchanged,

        /// <summary>Not saved yet: the save stopped first (a local file could not be written). The same command saves it later.</summary>
        Pending,
    }
}
