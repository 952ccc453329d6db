namespace Imagen.Core
{
    /// <summary>The two project families (<c>project_source</c> on the wire: "REGULAR" and "I2I").</summary>
    public enum ImagenProjectSource
    {
        /// <summary>A profile-based project (<c>/v1/projects</c>).</summary>
        Regular,

        /// <summary>A Smart Editing (image-to-image) project (<c>/v1/i2i/projects</c>).</summary>
        SmartEdit,
    }
}
