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
/// Issue 15 points 8 and 10: the script in about_Imagen_ScheduledTasks, extracted from the help file as shipped, run
/// by a real pwsh the way cron runs it (-NoProfile -NonInteractive -File, a bare environment) over a root of shoot
/// folders, night after night, while the studio lives: a card still copying at night, the night's -NoWait projects
/// collected in the morning, a photo added, one culled, a folder renamed, time stamps shifted, a photo the service
/// cannot edit, a broken photo and a run over its budget. Every step asserts the emulator's billed photos (no photo
/// billed twice, none missed), the results on disk and the exit code.
/// </summary>
public sealed class ScheduledTaskTemplateTests : IAsyncLifetime
{
    private static readonly HttpClient Admin = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "imagen-task-" + Guid.NewGuid().ToString("N").Substring(0, 8));
    private readonly List<string> _everything = new();
    private EmulatorServer? _emulator;

    private EmulatorServer Emulator => _emulator!;

    private string Shoots => Path.Combine(_root, "Shoots");

    private string Logs => Path.Combine(_root, "Logs");

    private string KeyFile => Path.Combine(_root, "imagen-key.xml");

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
    public async Task NightAfterNightEveryPhotoIsBilledOnceAndNoneIsMissedWhateverTheStudioDoesToItsFolders()
    {
        SampleShootGenerator.Generate(Path.Combine(Shoots, "Jones"), 2, "raw", seed: 2);
        SampleShootGenerator.Generate(Path.Combine(Shoots, "Smith"), 3, "raw", seed: 3);
        Directory.CreateDirectory(Path.Combine(Shoots, "Empty"));
        var card = SampleShootGenerator.Generate(Path.Combine(_root, "card"), 4, "raw", seed: 5);
        var brown = Path.Combine(Shoots, "Brown");
        Directory.CreateDirectory(brown);
        foreach (var photo in card.Take(2))
        {
            File.Copy(photo, Path.Combine(brown, Path.GetFileName(photo)));
        }

        // The first two photos of the card are settled before the night; the quiet period is 3 s here (120 s by default).
        await Task.Delay(TimeSpan.FromSeconds(4));

        // Night, 01:00: the key from the account's environment, edits submitted (billed), the card still copying.
        var copying = Path.Combine(brown, Path.GetFileName(card[2]));
        var nightOver = new TaskCompletionSource();
        var copy = CopyInChunksAsync(card[2], copying, nightOver.Task);
        await WaitUntilAsync(() => File.Exists(copying) && new FileInfo(copying).Length > 0);
        var night = RunTask(withKeyInEnvironment: true, "-NoWait");
        nightOver.SetResult();
        await copy;
        Assert.True(night.ExitCode == 0, "night: " + night.Text);
        Assert.Contains("may still be arriving", night.Log);
        Assert.Contains(Path.GetFileName(copying), night.Log);
        Assert.Contains("Shoot 'Empty' has no RAW photos", night.Log);
        Assert.Equal(2 + 3 + 2, await BilledPhotosAsync());
        Assert.Empty(Directory.GetFiles(Shoots, "*.xmp", SearchOption.AllDirectories));
        Assert.DoesNotContain(await BilledNamesAsync("Brown"), name => name == Path.GetFileName(copying));
        Assert.Equal(2, (await BilledNamesAsync("Brown")).Count);

        // The card finishes in the night; the morning task saves its key once with Export-Clixml and runs without -NoWait.
        File.Copy(card[3], Path.Combine(brown, Path.GetFileName(card[3])));
        File.SetLastWriteTimeUtc(Path.Combine(brown, Path.GetFileName(card[3])), DateTime.UtcNow.AddMinutes(-10));
        await Task.Delay(TimeSpan.FromSeconds(4));
        SaveKeyWithExportClixml();
        var uploadsAtNight = await CountAsync("storage.put");
        var morning = RunTask(withKeyInEnvironment: false);
        Assert.True(morning.ExitCode == 0, "morning: " + morning.Text);
        Assert.Contains("API key: " + KeyFile, morning.Log);
        Assert.Contains("Brown (+2 photos,", morning.Log);
        Assert.Equal(2 + 3 + 4, await BilledPhotosAsync());
        Assert.Equal(4, await ProjectCountAsync());
        Assert.Equal(uploadsAtNight + 2, await CountAsync("storage.put"));
        AssertEveryRawHasItsSidecar();
        await AssertNoPhotoBilledTwiceAsync();

        // Next day: a photo added to Jones, one culled from Smith, Smith renamed, a time-stamp shift on Jones, and the
        // service cannot edit the added photo.
        var added = Path.Combine(Shoots, "Jones", "ADDED_0100.nef");
        File.Copy(SampleShootGenerator.Generate(Path.Combine(_root, "more"), 1, "raw", seed: 9).Single(), added);
        File.SetLastWriteTimeUtc(added, DateTime.UtcNow.AddMinutes(-10));
        var culled = Directory.GetFiles(Path.Combine(Shoots, "Smith")).First(f => !f.EndsWith(".xmp", StringComparison.Ordinal) && File.Exists(f));
        File.Delete(culled);
        Directory.Move(Path.Combine(Shoots, "Smith"), Path.Combine(Shoots, "Smith_Wedding"));
        foreach (var photo in Directory.GetFiles(Path.Combine(Shoots, "Jones")).Where(f => f != added))
        {
            File.SetLastWriteTimeUtc(photo, File.GetLastWriteTimeUtc(photo).AddHours(1));
        }

        Emulator.Update(o => o.FailPhotos = ["ADDED_0100.nef"]);
        await Task.Delay(TimeSpan.FromSeconds(4)); // past the quiet period: the copy's creation time is now
        var failing = RunTask(withKeyInEnvironment: false);
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("'ADDED_0100.nef' (the image could not be processed", failing.Log);
        Assert.Equal(2 + 3 + 4 + 1, await BilledPhotosAsync());
        Assert.Contains("shoot 'Jones': 2 of 3 photo(s) edited, 1 failed", failing.Log);
        Assert.Contains("shoot 'Smith_Wedding': 2 of 2 photo(s) edited; 0 sent now", failing.Log);
        Assert.DoesNotContain("Save-ImagenResult: project", failing.Log.Split('\n').Where(l => l.Contains("Smith")).FirstOrDefault() ?? string.Empty);

        // The night after: nothing changed, so nothing is sent (the failed photo waits until it changes) and all is well.
        var quiet = RunTask(withKeyInEnvironment: false);
        Assert.True(quiet.ExitCode == 0, "quiet night: " + quiet.Text);
        Assert.Contains("ADDED_0100.nef", quiet.Log);
        Assert.Equal(2 + 3 + 4 + 1, await BilledPhotosAsync());

        // The photographer fixes the photo and the service can edit it now: it goes again, alone.
        File.AppendAllText(added, "re-saved by the photographer");
        File.SetLastWriteTimeUtc(added, DateTime.UtcNow.AddMinutes(-10));
        Emulator.Update(o => o.FailPhotos = []);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var fixedRun = RunTask(withKeyInEnvironment: false);
        Assert.True(fixedRun.ExitCode == 0, "fixed: " + fixedRun.Text);
        Assert.Equal(2 + 3 + 4 + 1 + 1, await BilledPhotosAsync());
        AssertEveryRawHasItsSidecar();

        // A new shoot with a broken photo: exit 1, the log names it, nothing is created for it, the others are left alone.
        SampleShootGenerator.Generate(Path.Combine(Shoots, "Zed"), 1, "jpeg", seed: 4);
        var jpeg = Directory.GetFiles(Path.Combine(Shoots, "Zed")).Single();
        File.Move(jpeg, Path.ChangeExtension(jpeg, ".cr2"));
        File.SetLastWriteTimeUtc(Path.ChangeExtension(jpeg, ".cr2"), DateTime.UtcNow.AddMinutes(-10));
        await Task.Delay(TimeSpan.FromSeconds(4));
        var requestsBefore = await CountAsync(null);
        var broken = RunTask(withKeyInEnvironment: false);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains(Path.GetFileName(Path.ChangeExtension(jpeg, ".cr2")), broken.Log);
        Assert.DoesNotContain((await JournalAsync()).Skip(requestsBefore), e => e.GetProperty("route").GetString() is "projects.create" or "storage.put" or "edit");
        File.Delete(Path.ChangeExtension(jpeg, ".cr2"));

        // A task pointed at the wrong folder (here: a big new shoot over the budget) stops before anything is created.
        var big = SampleShootGenerator.Generate(Path.Combine(Shoots, "Huge"), 3, "raw", seed: 12);
        await Task.Delay(TimeSpan.FromSeconds(4));
        requestsBefore = await CountAsync(null);
        var overBudget = RunTask(withKeyInEnvironment: false, "-MaximumPhotoCount", "2");
        Assert.Equal(1, overBudget.ExitCode);
        Assert.Contains("would send 3 photo(s) to edits", overBudget.Log);
        Assert.DoesNotContain((await JournalAsync()).Skip(requestsBefore), e => e.GetProperty("route").GetString() is "projects.create" or "storage.put" or "edit");

        await AssertNoPhotoBilledTwiceAsync();
        Assert.All(_everything, text => Assert.DoesNotContain(Emulator.ApiKey, text));
    }

    private (int ExitCode, string Log, string Text) RunTask(bool withKeyInEnvironment, params string[] extra)
    {
        var script = Path.Combine(_root, "Edit-NewShoots.ps1");
        File.WriteAllText(script, ExtractTemplate());
        var environment = new Dictionary<string, string?>
        {
            ["IMAGEN_BASE_URL"] = Emulator.BaseUrl.ToString().TrimEnd('/'),
            ["IMAGEN_RUN_PATH"] = Path.Combine(_root, "runs"),
            ["IMAGEN_LOCK_PATH"] = Path.Combine(_root, "locks"),
            ["IMAGEN_QUIET_PERIOD_SEC"] = "3",
            ["IMAGEN_POLL_INTERVAL_SEC"] = "0.2",
            ["IMAGEN_API_KEY"] = withKeyInEnvironment ? Emulator.ApiKey : null,
        };
        var arguments = new[] { "-File", script, "-ShootsRoot", Shoots, "-LogFolder", Logs, "-KeyFile", KeyFile, "-Module", RepositoryRoot.ManifestPath }.Concat(extra);
        var logBefore = ReadLogs();
        var run = RealPowerShell.RunBare(arguments, environment, TimeSpan.FromMinutes(3));
        var log = ReadLogs().Substring(logBefore.Length);
        var text = run.Output + run.Errors + log;
        _everything.Add(text);
        return (run.ExitCode, log, text);
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
        Assert.Contains($"FAILED to start: no API key for this account: IMAGEN_API_KEY is not set; the key file {keyFile} does not exist; SecretManagement (Get-Secret) is not installed.", ReadLogsIn(logs));
        Assert.DoesNotContain("is not recognized", ReadLogsIn(logs));

        // A vault (a stand-in for SecretManagement's Get-Secret) without the secret, then with it.
        var modules = Path.Combine(_root, "Modules");
        var vault = Directory.CreateDirectory(Path.Combine(modules, "Microsoft.PowerShell.SecretManagement")).FullName;
        File.WriteAllText(Path.Combine(vault, "Microsoft.PowerShell.SecretManagement.psm1"),
            "function Get-Secret { param([string] $Name) if (-not $env:FAKE_VAULT_SECRET) { throw \"The secret $Name was not found.\" } ConvertTo-SecureString $env:FAKE_VAULT_SECRET -AsPlainText -Force }");
        environment["PSModulePath"] = modules + Path.PathSeparator + Environment.GetEnvironmentVariable("PSModulePath");
        Array.ForEach(Directory.GetFiles(logs, "imagen-*.log"), File.Delete);

        var empty = RealPowerShell.Run(task, environment, TimeSpan.FromMinutes(2));
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains($"IMAGEN_API_KEY is not set; the key file {keyFile} does not exist; the vault gives no secret 'ImagenApiKey' (The secret ImagenApiKey was not found.)", ReadLogsIn(logs));

        environment["FAKE_VAULT_SECRET"] = Emulator.ApiKey;
        var found = RealPowerShell.Run(task, environment, TimeSpan.FromMinutes(2));
        Assert.True(found.ExitCode == 0, found.Output + found.Errors + ReadLogsIn(logs));
        Assert.Contains("API key: secret 'ImagenApiKey'", ReadLogsIn(logs));
        Assert.DoesNotContain(Emulator.ApiKey, ReadLogsIn(logs));
    }

    private static string ReadLogsIn(string folder) =>
        Directory.Exists(folder) ? string.Join(Environment.NewLine, Directory.GetFiles(folder, "imagen-*.log").Select(File.ReadAllText)) : string.Empty;

    private void SaveKeyWithExportClixml()
    {
        var saveKey = RealPowerShell.Run(
            new[] { "-Command", "ConvertTo-SecureString $env:KEY_TO_SAVE -AsPlainText -Force | Export-Clixml -LiteralPath $env:KEY_FILE" },
            new Dictionary<string, string?> { ["KEY_TO_SAVE"] = Emulator.ApiKey, ["KEY_FILE"] = KeyFile },
            TimeSpan.FromMinutes(1));
        Assert.True(saveKey.ExitCode == 0, saveKey.Errors);
    }

    /// <summary>
    /// A copier writing a photo in chunks, as a card reader does: the file grows on disk, a chunk every half second,
    /// for as long as the night's run lasts (<paramref name="runOver"/>), then the rest at once.
    /// </summary>
    private static async Task CopyInChunksAsync(string from, string to, Task runOver)
    {
        var bytes = await File.ReadAllBytesAsync(from);
        var chunk = Math.Max(1, bytes.Length / 100);
        await using var target = new FileStream(to, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite);
        var offset = 0;
        for (; offset < bytes.Length - chunk && !runOver.IsCompleted; offset += chunk)
        {
            await target.WriteAsync(bytes.AsMemory(offset, chunk));
            await target.FlushAsync();
            await Task.WhenAny(runOver, Task.Delay(500));
        }

        await target.WriteAsync(bytes.AsMemory(offset));
    }

    private void AssertEveryRawHasItsSidecar()
    {
        foreach (var raw in Directory.GetFiles(Shoots, "*.*", SearchOption.AllDirectories).Where(p => p.EndsWith(".nef", StringComparison.Ordinal) || p.EndsWith(".cr2", StringComparison.Ordinal)))
        {
            Assert.True(File.Exists(Path.ChangeExtension(raw, ".xmp")), "no sidecar for " + raw);
        }
    }

    /// <summary>Within each shoot, no photo name was billed in two projects (a photo the service failed may go again).</summary>
    private async Task AssertNoPhotoBilledTwiceAsync()
    {
        using var billed = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/billed-photos")));
        using var projects = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/projects")));
        var names = projects.RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("projectUuid").GetString()!, p => p.GetProperty("name").GetString()!);
        var byShoot = billed.RootElement.GetProperty("projects").EnumerateObject()
            .SelectMany(p => p.Value.GetProperty("photos").EnumerateArray().Select(n => (Shoot: names[p.Name].Split(' ')[0], Photo: n.GetString()!)))
            .GroupBy(x => x)
            .Where(g => g.Count() > 1 && g.Key.Photo != "ADDED_0100.nef")
            .Select(g => g.Key)
            .ToList();
        Assert.Empty(byShoot);
    }

    private string ReadLogs() => ReadLogsIn(Logs);

    private async Task<int> BilledPhotosAsync()
    {
        using var document = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/billed-photos")));
        return document.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>The photos billed in the projects of one shoot (by the readable part of their names).</summary>
    private async Task<IReadOnlyList<string>> BilledNamesAsync(string shoot)
    {
        using var billed = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/billed-photos")));
        using var projects = JsonDocument.Parse(await Admin.GetStringAsync(new Uri(Emulator.RootUrl, "admin/projects")));
        var ofShoot = projects.RootElement.EnumerateArray().Where(p => p.GetProperty("name").GetString()!.StartsWith(shoot + " (", StringComparison.Ordinal)).Select(p => p.GetProperty("projectUuid").GetString()!).ToHashSet();
        return billed.RootElement.GetProperty("projects").EnumerateObject().Where(p => ofShoot.Contains(p.Name))
            .SelectMany(p => p.Value.GetProperty("photos").EnumerateArray().Select(n => n.GetString()!)).ToList();
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met in 20 s");
            }

            await Task.Delay(20);
        }
    }
}
