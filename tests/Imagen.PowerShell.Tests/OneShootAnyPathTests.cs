using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Samples;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 16 points 1, 3 and 8: one shoot, one run, on any path. The same shoot folder is edited at the same moment by
/// three real pwsh processes: through its own path, through a bind mount of it, and as a second local user account
/// (its own run store, nothing shared but the machine-wide lock folder and the service). One project, one bill; the
/// runs that lost the race, run again, collect the project from the service without billing it again.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class OneShootAnyPathTests : IAsyncLifetime
{
    private const string SecondUser = "imagen-second";
    private static readonly HttpClient Admin = new();
    private readonly ITestOutputHelper _output;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagen-paths-" + Guid.NewGuid().ToString("N").Substring(0, 8));
    private EmulatorServer? _emulator;
    private string? _mounted;

    public OneShootAnyPathTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private EmulatorServer Emulator => _emulator!;

    public async Task InitializeAsync()
    {
        // Each edit takes a few seconds, so the three processes really do meet on the shoot.
        _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { SecondsPerPhoto = 2 });
        Directory.CreateDirectory(_root);
        Share(_root);
    }

    public async Task DisposeAsync()
    {
        if (_mounted is not null)
        {
            Command("umount", _mounted);
        }

        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [LinuxRootFact]
    public async Task TheSameShootThroughABindMountAndAsASecondAccountAtOnceIsBilledOnce()
    {
        var shoot = Path.Combine(_root, "Shoots", "Smith");
        SampleShootGenerator.Generate(shoot, 2, "raw", seed: 21);
        Share(shoot);
        var mount = Path.Combine(_root, "mnt", "Smith-on-the-nas");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, Command("mount", "--bind", shoot, mount).ExitCode);
        _mounted = mount;
        // pwsh as the tool package holds it (tools/net10.0/any/unix/pwsh.dll): root's NuGet folder is not the other account's to read.
        var pwsh = CopyForEveryone(Path.GetDirectoryName(RealPowerShell.DllPath)!, Path.Combine(_root, "pwsh"), hardLinks: true);
        var module = CopyModule(Path.Combine(_root, "module"));
        var script = Path.Combine(_root, "edit-and-save.ps1");
        File.WriteAllText(script, """
            param([string] $Shoot, [string] $Module)
            Import-Module $Module
            $failed = @()
            Invoke-ImagenEdit -Path $Shoot -ProfileKey 5700 -ErrorVariable +failed -InformationAction Continue | Save-ImagenResult -ErrorVariable +failed
            foreach ($e in $failed) { "ERROR $($e.FullyQualifiedErrorId): $e" }
            exit [int]($failed.Count -gt 0)
            """);
        Share(script);
        EnsureSecondUser();
        var home = Path.Combine(_root, "home-" + SecondUser);
        Directory.CreateDirectory(home);
        Share(home);

        var pwshDll = Path.Combine(pwsh, "pwsh.dll");
        Process Start(string path, bool second) =>
            Spawn(second ? "runuser" : "env", (second ? new[] { "-u", SecondUser, "--", "env" } : Array.Empty<string>())
                .Concat(new[]
                {
                    "-i",
                    "HOME=" + (second ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)),
                    "PATH=/usr/bin:/bin",
                    "IMAGEN_API_KEY=" + Emulator.ApiKey,
                    "IMAGEN_BASE_URL=" + Emulator.BaseUrl.ToString().TrimEnd('/'),
                    "IMAGEN_RUN_PATH=" + Path.Combine(second ? home : _root, "runs"),
                    "IMAGEN_LOCK_PATH=" + Path.Combine(_root, "locks"),
                    "IMAGEN_QUIET_PERIOD_SEC=0",
                    "IMAGEN_POLL_INTERVAL_SEC=0.2",
                    "dotnet", pwshDll, "-NoProfile", "-NonInteractive", "-File", script, "-Shoot", path, "-Module", module,
                }));

        // Three processes at once: the folder's own path, the bind mount, the second account.
        var runs = new[] { Start(shoot, second: false), Start(mount, second: false), Start(shoot, second: true) };
        var outcomes = await Task.WhenAll(runs.Select(FinishAsync));
        foreach (var outcome in outcomes)
        {
            _output.WriteLine(outcome);
        }

        Assert.Equal(1, await CountAsync("projects.create"));
        Assert.Equal(2, await BilledPhotosAsync());
        Assert.Contains(outcomes, o => o.StartsWith("exit 0", StringComparison.Ordinal));

        // Those that met the lock run again: the second account has no record of its own and finds the project on the
        // service by its name; nothing is created or billed again, and every result is on disk.
        var again = await Task.WhenAll(new[] { Start(mount, second: false), Start(shoot, second: true) }.Select(FinishAsync));
        foreach (var outcome in again)
        {
            _output.WriteLine(outcome);
            Assert.StartsWith("exit 0", outcome, StringComparison.Ordinal);
        }

        Assert.Equal(1, await CountAsync("projects.create"));
        Assert.Equal(1, await CountAsync("edit"));
        Assert.Equal(2, await BilledPhotosAsync());
        foreach (var raw in Directory.GetFiles(shoot).Where(p => p.EndsWith(".nef", StringComparison.Ordinal) || p.EndsWith(".cr2", StringComparison.Ordinal)))
        {
            Assert.True(File.Exists(Path.ChangeExtension(raw, ".xmp")), raw);
        }

        Assert.All(outcomes.Concat(again), o => Assert.DoesNotContain(Emulator.ApiKey, o));
    }

    /// <summary>The module as a user installs it (manifest, loader, format file, the net8.0 build), readable by every account.</summary>
    private static string CopyModule(string target)
    {
        foreach (var file in new[] { "Imagen.psd1", "Imagen.psm1", Path.Combine("src", "Imagen.PowerShell", "Imagen.Format.ps1xml") })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, file))!);
            File.Copy(Path.Combine(RepositoryRoot.Path, file), Path.Combine(target, file));
        }

        var build = Directory.GetDirectories(Path.Combine(RepositoryRoot.Path, "src", "Imagen.PowerShell", "bin"))
            .Select(c => Path.Combine(c, "net8.0"))
            .Where(Directory.Exists)
            .OrderByDescending(d => File.GetLastWriteTimeUtc(Path.Combine(d, "Imagen.PowerShell.dll")))
            .First();
        CopyForEveryone(build, Path.Combine(target, "lib", "net8.0"), hardLinks: false);
        Share(target);
        return Path.Combine(target, "Imagen.psd1");
    }

    /// <summary>A copy another account can read (the original may sit in root's home); hard links where the file system allows.</summary>
    private static string CopyForEveryone(string from, string to, bool hardLinks)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        var copy = hardLinks && Command("cp", "-al", from, to).ExitCode == 0 ? 0 : Command("cp", "-a", from, to).ExitCode;
        Assert.Equal(0, copy);
        Share(to);
        return to;
    }

    /// <summary>Lets every account read (and, for folders, write) it: the shoot folder and its runs are shared by both accounts.</summary>
    private static void Share(string path) => Command("chmod", "-R", "a+rwX", path);

    private static void EnsureSecondUser()
    {
        if (Command("id", "-u", SecondUser).ExitCode != 0)
        {
            Assert.Equal(0, Command("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SecondUser).ExitCode);
        }
    }

    private static Process Spawn(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start)!;
    }

    private static async Task<string> FinishAsync(Process process)
    {
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new System.Threading.CancellationTokenSource(TimeSpan.FromMinutes(3));
            await process.WaitForExitAsync(timeout.Token);
            return $"exit {process.ExitCode}\n{await output}\n{await errors}";
        }
    }

    private static (int ExitCode, string Output) Command(string program, params string[] arguments)
    {
        using var process = Spawn(program, arguments);
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private async Task<int> BilledPhotosAsync()
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/billed-photos")));
        return document.RootElement.GetProperty("total").GetInt32();
    }

    private async Task<int> CountAsync(string route)
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/journal")));
        return document.RootElement.GetProperty("entries").EnumerateArray().Count(e => e.GetProperty("route").GetString() == route);
    }
}

/// <summary>A test that needs Linux and root (bind mounts, a second local account); elsewhere it is skipped, saying why.</summary>
public sealed class LinuxRootFactAttribute : FactAttribute
{
    public LinuxRootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "Needs Linux and root: it bind-mounts a folder and runs pwsh as a second local account.";
        }
    }
}
