using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Samples;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 7 point 7: the script in about_Imagen_ScheduledTasks, extracted from the help file as shipped, run by a real
/// pwsh as a scheduled task would run it (-NonInteractive -File, against the emulator): submitted at night with
/// -NoWait and the key in IMAGEN_API_KEY, collected in the morning with the key from an Export-Clixml file, exit 0;
/// nothing uploaded or billed twice; a broken shoot makes it exit 1 and the log say why.
/// </summary>
public sealed class ScheduledTaskTemplateTests : IAsyncLifetime
{
    private static readonly HttpClient Admin = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagen-task-" + Guid.NewGuid().ToString("N").Substring(0, 8));
    private EmulatorServer? _emulator;

    private EmulatorServer Emulator => _emulator!;

    public async Task InitializeAsync() => _emulator = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "task-test-key-" + Guid.NewGuid().ToString("N") });

    public async Task DisposeAsync()
    {
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The lines between the template's markers, without the help text's indentation.</summary>
    public static string ExtractTemplate()
    {
        var help = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "src", "Imagen.PowerShell", "en-US", "about_Imagen_ScheduledTasks.help.txt"));
        var begin = Array.FindIndex(help, l => l.Contains("---- BEGIN TEMPLATE", StringComparison.Ordinal));
        var end = Array.FindIndex(help, l => l.Contains("---- END TEMPLATE", StringComparison.Ordinal));
        Assert.True(begin >= 0 && end > begin, "the help file marks the template");
        return string.Join(Environment.NewLine, help.Skip(begin + 1).Take(end - begin - 1).Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l.Substring(4) : l.TrimStart()));
    }

    [Fact]
    public async Task TheTemplateSubmitsAtNightCollectsInTheMorningAndFailsLoudly()
    {
        var shoots = Path.Combine(_root, "Shoots");
        var logs = Path.Combine(_root, "Logs");
        SampleShootGenerator.Generate(Path.Combine(shoots, "Jones"), 2, "raw", seed: 2);
        SampleShootGenerator.Generate(Path.Combine(shoots, "Smith"), 3, "raw", seed: 3);
        var script = Path.Combine(_root, "Edit-NewShoots.ps1");
        File.WriteAllText(script, ExtractTemplate());
        var keyFile = Path.Combine(_root, "imagen-key.xml");
        var environment = new Dictionary<string, string?>
        {
            ["IMAGEN_BASE_URL"] = Emulator.BaseUrl.ToString().TrimEnd('/'),
            ["IMAGEN_RUN_PATH"] = Path.Combine(_root, "runs"),
            ["IMAGEN_API_KEY"] = null,
        };
        string[] Task(params string[] extra) =>
            new[] { "-File", script, "-ShootsRoot", shoots, "-LogFolder", logs, "-KeyFile", keyFile, "-Module", RepositoryRoot.ManifestPath }.Concat(extra).ToArray();
        var everything = new List<string>();

        // Night: the key from the account's environment, edits submitted (billed), nothing waited for or saved.
        var night = RealPowerShell.Run(Task("-NoWait"), new Dictionary<string, string?>(environment) { ["IMAGEN_API_KEY"] = Emulator.ApiKey }, TimeSpan.FromMinutes(3));
        everything.Add(night.Output + night.Errors + ReadLogs(logs));
        Assert.True(night.ExitCode == 0, "night: " + night.Output + night.Errors + ReadLogs(logs));
        Assert.Contains("Smith: edit of 3 photos submitted, project", ReadLogs(logs));
        Assert.Empty(Directory.GetFiles(shoots, "*.xmp", SearchOption.AllDirectories));
        Assert.Equal(2, await TotalBillableEditsAsync());

        // The key for the morning task, saved once by its account with Export-Clixml.
        var saveKey = RealPowerShell.Run(
            new[] { "-Command", "ConvertTo-SecureString $env:KEY_TO_SAVE -AsPlainText -Force | Export-Clixml -LiteralPath $env:KEY_FILE" },
            new Dictionary<string, string?> { ["KEY_TO_SAVE"] = Emulator.ApiKey, ["KEY_FILE"] = keyFile },
            TimeSpan.FromMinutes(1));
        Assert.True(saveKey.ExitCode == 0, saveKey.Errors);

        // Morning: the same script without -NoWait resumes each run: no new upload or edit, the results are saved.
        var uploadsAtNight = await CountAsync("storage.put");
        var morning = RealPowerShell.Run(Task(), environment, TimeSpan.FromMinutes(3));
        everything.Add(morning.Output + morning.Errors + ReadLogs(logs));
        Assert.True(morning.ExitCode == 0, "morning: " + morning.Output + morning.Errors + ReadLogs(logs));
        var log = ReadLogs(logs);
        Assert.Contains("API key: " + keyFile, log);
        Assert.Contains("Jones: results saved", log);
        Assert.Contains("Smith: results saved", log);
        foreach (var raw in Directory.GetFiles(shoots, "*.*", SearchOption.AllDirectories).Where(p => p.EndsWith(".nef") || p.EndsWith(".cr2")))
        {
            Assert.True(File.Exists(Path.ChangeExtension(raw, ".xmp")), raw);
        }

        Assert.Equal(2, await TotalBillableEditsAsync());
        Assert.Equal(2, await ProjectCountAsync());
        Assert.Equal(uploadsAtNight, await CountAsync("storage.put"));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(logs, "done.txt")).Length);

        // A new shoot with a broken file: the task exits 1, the log names it, the finished shoots are left alone.
        SampleShootGenerator.Generate(Path.Combine(shoots, "Brown"), 1, "jpeg", seed: 4);
        var jpeg = Directory.GetFiles(Path.Combine(shoots, "Brown")).Single();
        File.Move(jpeg, Path.ChangeExtension(jpeg, ".cr2"));
        var requestsBefore = await CountAsync(null);
        var broken = RealPowerShell.Run(Task(), environment, TimeSpan.FromMinutes(3));
        everything.Add(broken.Output + broken.Errors + ReadLogs(logs));
        Assert.Equal(1, broken.ExitCode);
        log = ReadLogs(logs);
        Assert.Contains("FAILED Brown:", log);
        Assert.Contains(Path.GetFileName(Path.ChangeExtension(jpeg, ".cr2")), log);
        Assert.Contains("finished: 1 shoot(s) failed", log);
        Assert.Equal(2, await TotalBillableEditsAsync());
        Assert.DoesNotContain((await JournalAsync()).Skip(requestsBefore), e => e.GetProperty("route").GetString() is "projects.create" or "storage.put" or "edit");

        Assert.All(everything, text => Assert.DoesNotContain(Emulator.ApiKey, text));
    }

    /// <summary>
    /// Issue 17 point 8: the start-up with no key says which of the three sources is missing (not "Get-Secret is not
    /// recognized"); a vault that has no such secret is named with the other two; a vault that has it gives the key.
    /// </summary>
    [Fact]
    public void WithNoKeyTheStartUpSaysWhichOfTheThreeSourcesIsMissing()
    {
        var shoots = Directory.CreateDirectory(Path.Combine(_root, "Shoots")).FullName;
        var logs = Path.Combine(_root, "Logs");
        var keyFile = Path.Combine(_root, "no-such-key.xml");
        var script = Path.Combine(_root, "Edit-NewShoots.ps1");
        File.WriteAllText(script, ExtractTemplate());
        string[] task = { "-File", script, "-ShootsRoot", shoots, "-LogFolder", logs, "-KeyFile", keyFile, "-Module", RepositoryRoot.ManifestPath };
        var environment = new Dictionary<string, string?>
        {
            ["IMAGEN_API_KEY"] = null,
            ["IMAGEN_BASE_URL"] = Emulator.BaseUrl.ToString().TrimEnd('/'),
            ["IMAGEN_RUN_PATH"] = Path.Combine(_root, "runs"),
        };

        // No SecretManagement on this machine: all three are missing.
        var none = RealPowerShell.Run(task, environment, TimeSpan.FromMinutes(2));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains($"FAILED to start: no API key for this account: IMAGEN_API_KEY is not set; the key file {keyFile} does not exist; SecretManagement (Get-Secret) is not installed.", ReadLogs(logs));
        Assert.DoesNotContain("is not recognized", ReadLogs(logs));

        // A vault (a stand-in for SecretManagement's Get-Secret) without the secret, then with it.
        var modules = Path.Combine(_root, "Modules");
        var vault = Directory.CreateDirectory(Path.Combine(modules, "Microsoft.PowerShell.SecretManagement")).FullName;
        File.WriteAllText(Path.Combine(vault, "Microsoft.PowerShell.SecretManagement.psm1"),
            "function Get-Secret { param([string] $Name) if (-not $env:FAKE_VAULT_SECRET) { throw \"The secret $Name was not found.\" } ConvertTo-SecureString $env:FAKE_VAULT_SECRET -AsPlainText -Force }");
        environment["PSModulePath"] = modules + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath");
        Array.ForEach(Directory.GetFiles(logs, "imagen-*.log"), File.Delete);

        var empty = RealPowerShell.Run(task, environment, TimeSpan.FromMinutes(2));
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains($"IMAGEN_API_KEY is not set; the key file {keyFile} does not exist; the vault gives no secret 'ImagenApiKey' (The secret ImagenApiKey was not found.)", ReadLogs(logs));

        environment["FAKE_VAULT_SECRET"] = Emulator.ApiKey;
        var found = RealPowerShell.Run(task, environment, TimeSpan.FromMinutes(2));
        Assert.True(found.ExitCode == 0, found.Output + found.Errors + ReadLogs(logs));
        Assert.Contains("API key: secret 'ImagenApiKey'", ReadLogs(logs));
        Assert.DoesNotContain(Emulator.ApiKey, ReadLogs(logs));
    }

    private static string ReadLogs(string folder) =>
        Directory.Exists(folder) ? string.Join(Environment.NewLine, Directory.GetFiles(folder, "imagen-*.log").Select(File.ReadAllText)) : string.Empty;

    private async Task<int> TotalBillableEditsAsync()
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/billable-edits")));
        return document.RootElement.GetProperty("total").GetInt32();
    }

    private async Task<int> ProjectCountAsync()
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/projects")));
        return document.RootElement.GetArrayLength();
    }

    private async Task<IReadOnlyList<JsonElement>> JournalAsync()
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/journal")));
        return document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private async Task<int> CountAsync(string? route) => (await JournalAsync()).Count(e => route is null || e.GetProperty("route").GetString() == route);
}
