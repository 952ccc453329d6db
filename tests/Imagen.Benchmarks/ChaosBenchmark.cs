using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Imagen.Core;
using Imagen.Emulator.Samples;

namespace Imagen.Benchmarks;

/// <summary>
/// Issue 7 point 10: N files through the edit workflow and the save (the same Core calls Invoke-ImagenEdit and
/// Save-ImagenResult make) against an emulator that faults on every route at a given rate: 429, 500, 503, dropped
/// connections and short stalls, split evenly, plus latency at the same rate. When a run does not deliver everything,
/// the same command runs again, as a nightly task would the next night: it resumes the run from its run record. Prints
/// what the first pass delivered, what all runs delivered, billable edits, projects, duplicate uploads, runs, faults
/// injected and wall time. The goal (issue 16): everything delivered by the first pass, 1 edit, 1 project. Arguments:
/// files, rates, link lifetime in seconds, emulator seed.
/// </summary>
public static class ChaosBenchmark
{
    private const int MaxRuns = 3;

    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var rates = (args.Length > 1 ? args[1] : "0.05,0.10,0.20").Split(',').Select(r => double.Parse(r, CultureInfo.InvariantCulture)).ToList();
        var lifetime = args.Length > 2 ? args[2] : "30";
        var seed = args.Length > 3 ? args[3] : "7";
        Console.WriteLine($"Chaos: {count} RAW files, edit + save, faults on every route (429/500/503/drop/stall 2 s evenly, plus 300 ms latency), links live {lifetime} s, seed {seed}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        Console.WriteLine($"{"rate",5} {"1st pass",11} {"delivered",11} {"edits",5} {"projects",8} {"dup.uploads",11} {"runs",4} {"faults",6} {"wall",8}");
        var allGood = true;
        foreach (var rate in rates)
        {
            allGood &= await RunRateAsync(count, rate, lifetime, seed);
        }

        return allGood ? 0 : 1;
    }

    private static async Task<bool> RunRateAsync(int count, double rate, string lifetime, string seed)
    {
        var share = (rate / 5).ToString("0.#####", CultureInfo.InvariantCulture);
        var faults = new[] { "kind=429,retryAfter=1", "kind=500", "kind=503,retryAfter=1", "kind=drop", "kind=stall,stallSeconds=2" }
            .SelectMany(kind => new[] { "--fault", $"route=*,{kind},probability={share}" })
            .Concat(new[] { "--fault", $"route=*,kind=latency,latencyMs=300,probability={rate.ToString(CultureInfo.InvariantCulture)}" });
        using var emulator = await BenchmarkEmulator.StartAsync(new[] { "--seconds-per-photo", "0.005", "--link-lifetime", lifetime, "--seed", seed }.Concat(faults).ToArray());
        var folder = BenchmarkFiles.Folder();
        var runs = Path.Combine(folder, "runs");
        try
        {
            var files = SampleShootGenerator.Generate(Path.Combine(folder, "Shoot"), count, "raw", 5).ToList();
            var watch = Stopwatch.StartNew();
            var delivered = 0;
            var firstPass = 0;
            string? firstError = null;
            var run = 0;
            string? lastError = null;
            while (run < MaxRuns && delivered < count)
            {
                run++;
                (delivered, lastError) = await EditAndSaveAsync(emulator, files, runs);
                if (run == 1)
                {
                    firstPass = delivered;
                    firstError = lastError;
                }
            }

            watch.Stop();
            var (edits, projects, duplicates, injected) = await ServerFiguresAsync(emulator);
            var good = firstPass == count && edits == 1 && projects == 1;
            Console.WriteLine($"{rate,5:0%} {firstPass,5}/{count,-5} {delivered,5}/{count,-5} {edits,5} {projects,8} {duplicates,11} {run,4} {injected,6} {watch.Elapsed.TotalSeconds,7:0.0}s" + (good ? string.Empty : "   <- goal missed" + (firstError == null ? string.Empty : "; first pass: " + firstError) + (lastError == null ? string.Empty : "; last run: " + lastError)));
            return good;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    /// <summary>A number from an IMAGEN_* variable, or null when it is not set.</summary>
    private static double? Variable(string name) =>
        double.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>One run of `Get-ChildItem | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult`, in Core calls.</summary>
    private static async Task<(int Delivered, string? Error)> EditAndSaveAsync(BenchmarkEmulator emulator, IReadOnlyList<string> files, string runStore)
    {
        // The retry variables apply, as in a scheduled task: IMAGEN_DOWNLOAD_RETRY_WINDOW_SEC=0 shows the save without its window.
        var options = new ImagenClientOptions
        {
            PollInitialInterval = TimeSpan.FromMilliseconds(200),
            PollMaxInterval = TimeSpan.FromSeconds(1),
            QuietPeriod = TimeSpan.Zero,
        };
        options.MaxRetryAttempts = (int)(Variable(ImagenClientOptions.EnvironmentVariables.MaxRetryAttempts) ?? options.MaxRetryAttempts);
        options.UploadRetryWindow = TimeSpan.FromSeconds(Variable(ImagenClientOptions.EnvironmentVariables.UploadRetryWindow) ?? options.UploadRetryWindow.TotalSeconds);
        options.DownloadRetryWindow = TimeSpan.FromSeconds(Variable(ImagenClientOptions.EnvironmentVariables.DownloadRetryWindow) ?? options.DownloadRetryWindow.TotalSeconds);
        using var client = new ImagenClient(emulator.Settings, options);
        try
        {
            var store = new ImagenRunStore(runStore);
            var result = await new ImagenEditWorkflow(client).RunAsync(new ImagenEditWorkflowRequest { Files = files.ToList(), ProfileKey = 5700, InspectContent = false, RunStore = store });
            var record = store.ForProject(result.ProjectId!, result.Files);
            var request = new ImagenResultDownloadRequest
            {
                ProjectId = result.ProjectId,
                ExportStatus = result.ExportStatus,
                Originals = result.Files,
                Ledger = new ImagenOutputLedger(record, result.Files.Values, store.List()),
            };
            var plan = await ImagenResultDownloadPlan.CreateAsync(client, request);
            var summary = await plan.DownloadAsync(client);
            var failure = summary.Results.FirstOrDefault(r => r.Status != ImagenDownloadStatus.Downloaded && r.Status != ImagenDownloadStatus.Unchanged);
            return (summary.Saved, failure == null ? null : $"{summary.Results.Count - summary.Saved} not saved, e.g. {failure.Message}");
        }
        catch (ImagenException error)
        {
            return (0, error.Message);
        }
    }

    private static async Task<(int Edits, int Projects, int DuplicateUploads, int Faults)> ServerFiguresAsync(BenchmarkEmulator emulator)
    {
        using var admin = new HttpClient();
        var root = new Uri(emulator.BaseUrl.GetLeftPart(UriPartial.Authority) + "/admin/");
        using var billing = JsonDocument.Parse(await admin.GetStringAsync(new Uri(root, "billable-edits")));
        using var projects = JsonDocument.Parse(await admin.GetStringAsync(new Uri(root, "projects")));
        using var journal = JsonDocument.Parse(await admin.GetStringAsync(new Uri(root, "journal")));
        using var rules = JsonDocument.Parse(await admin.GetStringAsync(new Uri(root, "faults")));
        var duplicates = journal.RootElement.GetProperty("entries").EnumerateArray()
            .Where(e => e.GetProperty("route").GetString() == "storage.put" && e.GetProperty("status").GetInt32() / 100 == 2)
            .GroupBy(e => e.GetProperty("path").GetString())
            .Sum(g => g.Count() - 1);
        var injected = rules.RootElement.EnumerateArray().Where(r => r.GetProperty("kind").GetString() != "latency").Sum(r => r.GetProperty("fired").GetInt32());
        return (billing.RootElement.GetProperty("total").GetInt32(), projects.RootElement.GetArrayLength(), duplicates, injected);
    }
}
