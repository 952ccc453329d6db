namespace Imagen.Emulator.Samples;

/// <summary>Writes small, realistic sample shoots (JPEGs and TIFF-based RAW files with previews), deterministic under a seed.</summary>
public static class SampleShootGenerator
{
    /// <param name="kind">"raw", "jpeg" or "mixed".</param>
    public static IReadOnlyList<string> Generate(string directory, int count, string kind, int seed)
        => throw new NotImplementedException("H-ART: in progress");
}
