namespace Imagen.Core
{
    /// <summary>The verdict of <see cref="FileContentInspector"/> on one file.</summary>
    public sealed class FileContentInspection
    {
        internal FileContentInspection(ImagenContentFormat format, string description, string evidence, long length)
        {
            Format = format;
            Description = description;
            Evidence = evidence;
            Length = length;
        }

        public ImagenContentFormat Format { get; }

        /// <summary>Human wording of the format, e.g. "a JPEG image".</summary>
        public string Description { get; }

        /// <summary>The bytes seen and what they mean, e.g. "first bytes FF D8 FF E0 (JPEG start-of-image marker)".</summary>
        public string Evidence { get; }

        public long Length { get; }

        /// <summary>True for every RAW container signature.</summary>
        public bool IsRawContent =>
            Format == ImagenContentFormat.TiffRaw || Format == ImagenContentFormat.CanonCr2 || Format == ImagenContentFormat.CanonCr3
            || Format == ImagenContentFormat.CanonCrw || Format == ImagenContentFormat.OlympusOrf
            || Format == ImagenContentFormat.PanasonicRw2 || Format == ImagenContentFormat.FujifilmRaf;

        public override string ToString() => Description;
    }
}
