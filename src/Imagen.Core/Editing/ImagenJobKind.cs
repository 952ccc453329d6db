namespace Imagen.Core
{
    /// <summary>The server-side jobs of a project, and the results they leave to download.</summary>
    public enum ImagenJobKind
    {
        Edit,
        Export,

        // The values match Save-ImagenResult's result kinds (2 there is "All"), because PowerShell converts one enum
        // to another by value when a status or link is piped in and its Kind binds by property name.

        /// <summary>A Smart Editing project's edit: finished JPEGs (imagen-api.md §3.10, §8.3).</summary>
        SmartEdit = 3,

        /// <summary>The final images of <c>finalize</c> after Copilot or enhancement (§3.11, §8.4).</summary>
        Final = 4,
    }
}
