using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// The real pwsh the repository pins (.config/dotnet-tools.json; `dotnet tool restore` puts it in the NuGet package
/// folder), run as a separate process the way a scheduled task runs it: `pwsh -NoProfile -NonInteractive -File ...`.
/// </summary>
public static class RealPowerShell
{
    public const string Version = "7.6.9";

    private static readonly Lazy<string> Dll = new(Find);

    public static (int ExitCode, string Output, string Errors) Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout) =>
        Run(arguments, environment, timeout, bare: false);

    /// <summary>
    /// Runs pwsh the way cron does: an environment of only HOME, LOGNAME, SHELL and a minimal PATH, plus
    /// <paramref name="environment"/> (the task's own variables); nothing of the test process leaks in.
    /// </summary>
    public static (int ExitCode, string Output, string Errors) RunBare(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout) =>
        Run(arguments, environment, timeout, bare: true);

    private static (int ExitCode, string Output, string Errors) Run(IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan timeout, bool bare)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (bare)
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            start.Environment.Clear();
            start.Environment["HOME"] = home;
            start.Environment["LOGNAME"] = Environment.UserName;
            start.Environment["SHELL"] = "/bin/sh";
            start.Environment["PATH"] = "/usr/bin:/bin";
            if (Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { } packages)
            {
                start.Environment["NUGET_PACKAGES"] = packages;
            }
        }

        start.ArgumentList.Add(Dll.Value);
        start.ArgumentList.Add("-NoProfile");
        start.ArgumentList.Add("-NonInteractive");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pwsh did not finish within {timeout}: {string.Join(' ', start.ArgumentList)}");
        }

        return (process.ExitCode, output.Result, errors.Result);
    }

    /// <summary>The pwsh.dll to run with `dotnet` (for tests that start and kill the process themselves).</summary>
    public static string DllPath => Dll.Value;

    private static string Find()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tools = Path.Combine(packages, "powershell", Version, "tools");
        var flavour = Path.DirectorySeparatorChar + (OperatingSystem.IsWindows() ? "win" : "unix") + Path.DirectorySeparatorChar;
        var found = Directory.Exists(tools)
            ? Directory.GetFiles(tools, "pwsh.dll", SearchOption.AllDirectories).FirstOrDefault(p => p.Contains(flavour, StringComparison.Ordinal))
            : null;
        return found ?? throw new InvalidOperationException($"pwsh {Version} is not in '{tools}'. Run 'dotnet tool restore' in the repository (.config/dotnet-tools.json pins it).");
    }
}
