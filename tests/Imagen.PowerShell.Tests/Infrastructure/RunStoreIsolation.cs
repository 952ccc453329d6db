using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// Invoke-ImagenEdit records every run; the tests' records go to a folder of their own (IMAGEN_RUN_PATH), never into
/// the user's local application data. A child process started by a test inherits the test's value.
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
    }
}
