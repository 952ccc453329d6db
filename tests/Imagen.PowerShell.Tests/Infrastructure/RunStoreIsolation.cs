using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// Invoke-ImagenEdit records every run and locks its shoot; the tests' records and locks go to folders of their own
/// (IMAGEN_RUN_PATH, IMAGEN_LOCK_PATH), never into the user's local application data or the machine's shared lock
/// folder. Test photos are written a moment before each run, so the quiet period is off (IMAGEN_QUIET_PERIOD_SEC=0)
/// unless a test sets it. A child process started by a test inherits the test's values.
/// </summary>
internal static class RunStoreIsolation
{
    public const string Variable = "IMAGEN_RUN_PATH";

    [ModuleInitializer]
    internal static void UseTemporaryRunStore()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(Variable)))
        {
            Environment.SetEnvironmentVariable(Variable, Path.Combine(Path.GetTempPath(), "imagen-ps-tests-runs-" + Environment.ProcessId));
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("IMAGEN_LOCK_PATH")))
        {
            Environment.SetEnvironmentVariable("IMAGEN_LOCK_PATH", Path.Combine(Path.GetTempPath(), "imagen-ps-tests-locks-" + Environment.ProcessId));
        }

        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("IMAGEN_QUIET_PERIOD_SEC")))
        {
            Environment.SetEnvironmentVariable("IMAGEN_QUIET_PERIOD_SEC", "0");
        }
    }
}
