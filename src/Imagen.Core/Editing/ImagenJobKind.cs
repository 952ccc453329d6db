namespace Imagen.Core
{
    /// <summary>The two server-side jobs of a project.</summary>
    public enum ImagenJobKind
    {
        Edit,
        Export,
    }
}
