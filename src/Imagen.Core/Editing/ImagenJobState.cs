namespace Imagen.Core
{
    /// <summary>An edit's or export's state, whatever casing or spelling the server uses.</summary>
    public enum ImagenJobState
    {
        /// <summary>Not started (before /edit or /export).</summary>
        Pending,

        InProgress,

        Completed,

        Failed,

        /// <summary>A value no rule knows; treated as still running.</summary>
        Unknown,
    }
}
