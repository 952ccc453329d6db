namespace Imagen.PowerShell.Workflow
{
    /// <summary>Which results Save-ImagenResult downloads.</summary>
    public enum ImagenResultKind
    {
        /// <summary>The edit outputs: XMP sidecars for RAW files, DNG/JPEG with the XMP embedded otherwise.</summary>
        Edit,

        /// <summary>The exported JPEGs.</summary>
        Export,

        /// <summary>Both.</summary>
        All,

        /// <summary>A Smart Editing project's finished JPEGs (the same value as ImagenJobKind.SmartEdit, so a piped status binds).</summary>
        SmartEdit = 3,

        /// <summary>The final images of Complete-ImagenProject (finalize is asked again for fresh links).</summary>
        Final = 4,
    }
}
