using System.Runtime.CompilerServices;

namespace Imagen.Core.Tests.Support;

/// <summary>
/// Every workflow run records itself in a run store; the tests' records go to a folder of their own under the
/// temporary folder (IMAGEN_RUN_PATH), never into the user's local application data.
/// </summary>
internal static class RunStoreIsolation
{
    [ModuleInitializer]
    internal static void UseTemporaryRunStore() =>
        Environment.SetEnvironmentVariable(ImagenRunStore.PathVariable, Path.Combine(Path.GetTempPath(), "imagen-core-tests-runs-" + Environment.ProcessId));
}
