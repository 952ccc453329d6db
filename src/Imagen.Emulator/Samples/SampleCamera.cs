namespace Imagen.Emulator.Samples;

/// <summary>A camera the samples pretend to come from: what it writes in EXIF and how it names its files.</summary>
internal sealed record SampleCamera(string Make, string Model, string FilePrefix, string Extension)
{
    public static readonly SampleCamera NikonD850 = new("NIKON CORPORATION", "NIKON D850", "DSC_", ".nef");
    public static readonly SampleCamera CanonEos5DMarkIV = new("Canon", "Canon EOS 5D Mark IV", "IMG_", ".cr2");
    public static readonly SampleCamera LeicaQ2 = new("LEICA CAMERA AG", "LEICA Q2", "L100", ".dng");
    public static readonly SampleCamera CanonJpeg = new("Canon", "Canon EOS R6", "IMG_", ".jpg");

    /// <summary>RAW cameras in the order a mixed bag of RAW files cycles through them.</summary>
    public static readonly IReadOnlyList<SampleCamera> RawCameras = [NikonD850, CanonEos5DMarkIV, LeicaQ2];

    /// <summary>A camera-style name such as DSC_0001.nef or L1000003.dng; the number keeps names in a shoot unique.</summary>
    public string FileName(int number) => $"{FilePrefix}{number:0000}{Extension}";
}
