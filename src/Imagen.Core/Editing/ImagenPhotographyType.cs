namespace Imagen.Core
{
    /// <summary>
    /// photography_type (imagen-api.md §6.3). Members are spelled exactly as on the wire so PowerShell users write
    /// -PhotographyType WEDDING or REAL_ESTATE.
    /// </summary>
    public enum ImagenPhotographyType
    {
        NO_TYPE,
        OTHER,
        PORTRAITS,
        WEDDING,
        REAL_ESTATE,
        LANDSCAPE_NATURE,
        EVENTS,
        FAMILY_NEWBORN,
        BOUDOIR,
        SPORTS,
        SCHOOL,
    }
}
