namespace Imagen.Core
{
    /// <summary>What a file is by its extension, in the Imagen sense.</summary>
    public enum ImagenFileKind
    {
        Raw,
        Jpeg,
        Unsupported,
    }
}
