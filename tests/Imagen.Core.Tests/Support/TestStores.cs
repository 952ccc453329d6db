namespace Imagen.Core.Tests.Support;

/// <summary>
/// A run store of its own for each workflow of a test: the store remembers shoots by their photos' names, sizes and
/// bytes, and tests write the same sample photos (same seed) into different folders, so a shared store would take one
/// test's shoot for another's.
/// </summary>
internal static class TestStores
{
    public static ImagenRunStore New() => new(Path.Combine(Path.GetTempPath(), "imagen-core-tests-store-" + Guid.NewGuid().ToString("N")[..12]));
}
