namespace Imagen.Emulator.Artifacts;

/// <summary>The TIFF, EXIF and DNG tags the emulator reads or writes.</summary>
internal static class TiffTag
{
    public const ushort NewSubfileType = 254;
    public const ushort ImageWidth = 256;
    public const ushort ImageLength = 257;
    public const ushort BitsPerSample = 258;
    public const ushort Compression = 259;
    public const ushort PhotometricInterpretation = 262;
    public const ushort Make = 271;
    public const ushort Model = 272;
    public const ushort StripOffsets = 273;
    public const ushort Orientation = 274;
    public const ushort SamplesPerPixel = 277;
    public const ushort RowsPerStrip = 278;
    public const ushort StripByteCounts = 279;
    public const ushort XResolution = 282;
    public const ushort YResolution = 283;
    public const ushort PlanarConfiguration = 284;
    public const ushort ResolutionUnit = 296;
    public const ushort Software = 305;
    public const ushort DateTime = 306;
    public const ushort SubIfds = 330;
    public const ushort JpegInterchangeFormat = 513;
    public const ushort JpegInterchangeFormatLength = 514;
    public const ushort Xmp = 700;
    public const ushort CfaRepeatPatternDim = 33421;
    public const ushort CfaPattern = 33422;
    public const ushort ExposureTime = 33434;
    public const ushort FNumber = 33437;
    public const ushort ExifIfd = 34665;
    public const ushort IsoSpeed = 34855;
    public const ushort DateTimeOriginal = 36867;
    public const ushort FocalLength = 37386;
    public const ushort DngVersion = 50706;
    public const ushort DngBackwardVersion = 50707;
    public const ushort UniqueCameraModel = 50708;
    public const ushort ColorMatrix1 = 50721;
    public const ushort AsShotNeutral = 50728;
    public const ushort CalibrationIlluminant1 = 50778;
}

/// <summary>TIFF field types (TIFF 6.0 §2).</summary>
internal enum TiffType : ushort
{
    Byte = 1,
    Ascii = 2,
    Short = 3,
    Long = 4,
    Rational = 5,
    Undefined = 7,
    SRational = 10,
    SByte = 6,
    SShort = 8,
    SLong = 9,
    Float = 11,
    Double = 12,
    Ifd = 13,
}

internal static class TiffTypeExtensions
{
    /// <summary>Bytes per value of a field type; unknown types count as bytes so a reader can still skip them.</summary>
    public static int ValueSize(this TiffType type) => type switch
    {
        TiffType.Short or TiffType.SShort => 2,
        TiffType.Long or TiffType.SLong or TiffType.Float or TiffType.Ifd => 4,
        TiffType.Rational or TiffType.SRational or TiffType.Double => 8,
        _ => 1,
    };
}
