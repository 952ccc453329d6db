namespace Imagen.Emulator.Artifacts;

/// <summary>
/// Produces what the service hands back (imagen-api.md §8): the edit output (an XMP sidecar for RAW, the file with
/// the XMP embedded for DNG and JPEG) and the exported JPEG.
/// </summary>
public static class EditArtifacts
{
    /// <summary>
    /// Writes the edit output for one uploaded file into <paramref name="outputDirectory"/> and returns its file name:
    /// <c>STEM.xmp</c> for RAW, <paramref name="inputFileName"/> itself for DNG and JPEG (with the XMP embedded).
    /// </summary>
    public static string WriteEditOutput(string inputPath, string inputFileName, ProfileStyle style, string outputDirectory)
        => throw new NotImplementedException("H-ART: in progress");

    /// <summary>Renders the exported JPEG (<c>STEM.jpg</c>) into <paramref name="outputDirectory"/> and returns its file name.</summary>
    public static string WriteExportJpeg(string inputPath, string inputFileName, ProfileStyle style, string outputDirectory)
        => throw new NotImplementedException("H-ART: in progress");
}
