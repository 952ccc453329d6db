namespace Imagen.Core
{
    /// <summary>A sky replacement template (§3.8); pass its Id as SkyReplacementTemplateId.</summary>
    public sealed class ImagenSkyTemplate
    {
        public ImagenSkyTemplate(int id, bool isDefault)
        {
            Id = id;
            IsDefault = isDefault;
        }

        public int Id { get; }

        public bool IsDefault { get; }

        public override string ToString() => IsDefault ? Id + " (default)" : Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
