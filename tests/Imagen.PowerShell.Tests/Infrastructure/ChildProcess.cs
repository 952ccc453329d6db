using System;
using System.Diagnostics;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>Runs a script in a fresh process through <see cref="ChildHost"/> (this assembly run as a program).</summary>
public static class ChildProcess
{
    public static (int ExitCode, string Output, string Errors) RunPowerShell(string scriptPath, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(ChildHost).Assembly.Location);
        start.ArgumentList.Add(scriptPath);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The child PowerShell did not finish within {timeout}.");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }
}
