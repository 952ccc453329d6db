using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// The nightly job `Get-ChildItem $root -Directory | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult`, in the
/// Core calls the cmdlets make, run in a process of its own so its file opens can be traced (strace) without the
/// parent's: the profile is asked once (the command's call); the finished shoots are planned together
/// (PrepareAsync), then each is run (RunShootAsync) and saved (Save-ImagenResult's shoot path), one after the other
/// as the pipeline streams them; then the new shoot the same way. The two groups are planned as two requests so each
/// group's API calls (the emulator's journal) and time are its own. A bare listing of the finished folders (names,
/// sizes, time stamps: what the scan cannot do without) is timed before and after as the reference, and so is one
/// read of every record (what the scan must read at least once). Phases are marked
/// in a trace by opening files that do not exist (markers/NAME). Writes its figures as JSON.
/// </summary>
internal static class ScanChild
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (root, storeFolder, baseUrl, newFolder, markers, output) = (args[0], args[1], new Uri(args[2]), args[3], args[4], args[5]);
        var report = new ScanChildReport();
        using var client = ScanShoots.Client(new BenchmarkEmulatorAddress(baseUrl));
        using var admin = new HttpClient();
        var cursor = 0L;
        async Task<List<string>> CallsAsync()
        {
            var (routes, next) = await ScanShoots.JournalAsync(admin, baseUrl, cursor);
            cursor = next;
            return routes;
        }

        var finishedFolders = new DirectoryInfo(root).GetDirectories().Select(d => d.FullName).Where(f => f != newFolder).ToList();
        Mark(markers, "reference-before");
        report.ListingMs.Add(List(finishedFolders));
        report.RecordsMs = ReadRecords(storeFolder);

        Mark(markers, "command");
        var profile = await client.GetProfileAsync(ScanShoots.ProfileKey);
        report.CommandCalls = await CallsAsync();

        Mark(markers, "finished");
        var warnings = new List<string>();
        var store = new ImagenRunStore(storeFolder);
        var workflow = new ImagenEditWorkflow(client, warnings.Add);
        var phase = Stopwatch.StartNew();
        var folders = new DirectoryInfo(root).GetDirectories().Select(d => d.FullName).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var plan = await workflow.PrepareAsync(ScanShoots.Request(folders.Where(f => f != newFolder), profile, store));
        report.FinishedPrepareMs = phase.Elapsed.TotalMilliseconds;
        foreach (var shoot in plan.Shoots)
        {
            var step = Stopwatch.StartNew();
            var result = await workflow.RunShootAsync(plan, shoot);
            report.FinishedRunMs.Add(step.Elapsed.TotalMilliseconds);
            step.Restart();
            report.FinishedSaved += await ScanShoots.SaveShootAsync(client, store, result.ShootId!);
            report.FinishedSaveMs.Add(step.Elapsed.TotalMilliseconds);
            report.FinishedSent += result.SentCount;
            report.FinishedEdited += result.EditedCount;
        }

        report.FinishedMs = phase.Elapsed.TotalMilliseconds;
        report.FinishedShoots = plan.Shoots.Count;
        report.FinishedWarnings = warnings.Count;
        report.FinishedCalls = await CallsAsync();

        Mark(markers, "new");
        phase.Restart();
        var newPlan = await workflow.PrepareAsync(ScanShoots.Request(new[] { newFolder }, profile, store));
        var newResult = await workflow.RunShootAsync(newPlan, newPlan.Shoots[0]);
        report.NewSaved = await ScanShoots.SaveShootAsync(client, store, newResult.ShootId!);
        report.NewSent = newResult.SentCount;
        report.NewMs = phase.Elapsed.TotalMilliseconds;
        report.NewCalls = await CallsAsync();

        Mark(markers, "reference-after");
        report.ListingMs.Add(List(finishedFolders));
        Mark(markers, "end");
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(report));
        return 0;
    }

    /// <summary>Lists each folder's files with their sizes and time stamps, as any scan must; returns the milliseconds it took.</summary>
    private static double List(IEnumerable<string> folders)
    {
        var watch = Stopwatch.StartNew();
        long sum = 0;
        foreach (var folder in folders)
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                sum += file.Length ^ file.LastWriteTimeUtc.Ticks;
            }
        }

        GC.KeepAlive(sum);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>
    /// Reads every record once (a store of its own lists them all), as the scan must at least once; returns the
    /// milliseconds. The records are then let go, so the scan reads them for itself.
    /// </summary>
    private static double ReadRecords(string storeFolder)
    {
        var elapsed = ReadRecordsOnce(storeFolder);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return elapsed;
    }

    /// <summary>Not inlined: nothing it read may stay reachable from the caller's frame when the caller collects.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double ReadRecordsOnce(string storeFolder)
    {
        var watch = Stopwatch.StartNew();
        var store = new ImagenRunStore(storeFolder);
        var count = store.ListShoots().Count + store.List().Count;
        GC.KeepAlive(count);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Opens markers/NAME, which does not exist: the failed open is a line in the trace that starts a phase.</summary>
    private static void Mark(string markers, string name)
    {
        try
        {
            using var _ = File.OpenRead(Path.Combine(markers, name));
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>What the child measured (milliseconds, API routes called).</summary>
internal sealed class ScanChildReport
{
    public List<double> ListingMs { get; set; } = new();
    public double RecordsMs { get; set; }
    public List<string> CommandCalls { get; set; } = new();
    public int FinishedShoots { get; set; }
    public double FinishedPrepareMs { get; set; }
    public List<double> FinishedRunMs { get; set; } = new();
    public List<double> FinishedSaveMs { get; set; } = new();
    public double FinishedMs { get; set; }
    public int FinishedSent { get; set; }
    public int FinishedSaved { get; set; }
    public int FinishedEdited { get; set; }
    public int FinishedWarnings { get; set; }
    public List<string> FinishedCalls { get; set; } = new();
    public double NewMs { get; set; }
    public int NewSent { get; set; }
    public int NewSaved { get; set; }
    public List<string> NewCalls { get; set; } = new();
}
