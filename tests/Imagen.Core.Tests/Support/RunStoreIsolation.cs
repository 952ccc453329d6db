using System.Runtime.CompilerServices;

namespace Imagen.Core.Tests.Support;

/// <summary>
/// Every workflow run records itself in a run store and locks its shoot; the tests' records and locks go to folders of
/// their own under the temporary folder (IMAGEN_RUN_PATH, IMAGEN_LOCK_PATH), never into the user's local application
/// data or the machine's shared lock folder.
/// </summary>
internal static class RunStoreIsolation
{
    [ModuleInitializer]
    internal static void UseTemporaryRunStore()
    {
        Environment.SetEnvironmentVariable(ImagenRunStore.PathVariable, Path.Combine(Path.GetTempPath(), "imagen-core-tests-runs-" + Environment.ProcessId));
        Environment.SetEnvironmentVariable(ImagenRunStore.LockPathVariable, Path.Combine(Path.GetTempPath(), "imagen-core-tests-locks-" + Environment.ProcessId));
    }
}
