namespace Imagen.Core
{
    /// <summary>The server-side jobs of a project, and the results they leave to download.</summary>
    public enum ImagenJobKind
    {
        Edit,
        Export,

        /// <summary>A Smart Editing project's edit: finished JPEGs (imagen-api.md §3.10, §8.3).</summary>
        SmartEdit,

        /// <summary>The final images of <c>finalize</c> after Copilot or enhancement (§3.11, §8.4).</summary>
        Final,
    }
}
