namespace Imagen.Core
{
    /// <summary>Why a local file could not be written: each asks the user for something different.</summary>
    public enum ImagenLocalWriteProblem
    {
        /// <summary>Another cause; the message carries the system's words.</summary>
        Other,

        /// <summary>No space left on the disk (or the user's quota is used up).</summary>
        DiskFull,

        /// <summary>The folder is on a read-only file system or a write-protected disk.</summary>
        ReadOnly,

        /// <summary>This account may not write there.</summary>
        AccessDenied,
    }
}
