namespace Imagen.Core
{
    /// <summary>hdr_output_compression (§6.1): compression of an HDR-merged DNG.</summary>
    public enum ImagenHdrOutputCompression
    {
        LOSSY,
        LOSSLESS,
    }
}
