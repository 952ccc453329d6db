using Imagen.Emulator.Samples;

namespace Imagen.Emulator.Tests;

/// <summary>Real sample photos (from the emulator's own generator), written once per test run.</summary>
public static class TestPhotos
{
    private static readonly Lazy<string> Root = new(() =>
    {
        string root = Path.Combine(Path.GetTempPath(), "imagen-emulator-tests-" + Environment.ProcessId);
        SampleShootGenerator.Generate(Path.Combine(root, "raw"), 4, "raw", seed: 7);
        SampleShootGenerator.Generate(Path.Combine(root, "jpeg"), 4, "jpeg", seed: 7);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(root, true); } catch (IOException) { } };
        return root;
    });

    /// <summary>RAW samples (.nef, .cr2, .dng, ...).</summary>
    public static IReadOnlyList<string> Raw => Directory.GetFiles(Path.Combine(Root.Value, "raw")).Order().ToList();

    public static IReadOnlyList<string> Jpeg => Directory.GetFiles(Path.Combine(Root.Value, "jpeg")).Order().ToList();
}
