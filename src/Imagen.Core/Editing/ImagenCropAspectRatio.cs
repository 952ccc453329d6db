namespace Imagen.Core
{
    /// <summary>crop_aspect_ratio (§6.1): sent as "2X3", "4X5" or "5X7".</summary>
    public enum ImagenCropAspectRatio
    {
        Ratio2X3,
        Ratio4X5,
        Ratio5X7,
    }
}
