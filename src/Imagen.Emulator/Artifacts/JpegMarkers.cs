namespace Imagen.Emulator.Artifacts;

/// <summary>JPEG marker codes the emulator writes as extra segments.</summary>
internal static class JpegMarkers
{
    public const int App1 = 0xE1;
    public const int Comment = 0xFE;
}
