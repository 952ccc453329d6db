using System.Text.Json;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// What the scan benchmark's processes share: the shoots' photos, the nightly job's Core calls for one shoot (edit,
/// then save as Save-ImagenResult's shoot path does), the emulator's journal, and how many files a directory holds.
/// </summary>
internal static class ScanShoots
{
    public const int ProfileKey = 5700;

    /// <summary>
    /// Writes a shoot of camera-named RAW photos (DSC_0001.NEF ...): random bytes of 2-6 KiB each, so every photo is
    /// distinct and a shoot costs little disk. The content check is off in the requests (they are not real NEFs).
    /// </summary>
    public static void WritePhotos(string folder, int count, int seed)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        for (var i = 1; i <= count; i++)
        {
            var bytes = new byte[2048 + random.Next(4096)];
            random.NextBytes(bytes);
            File.WriteAllBytes(Path.Combine(folder, $"DSC_{i:0000}.NEF"), bytes);
        }
    }

    public static ImagenClient Client(BenchmarkEmulatorAddress emulator) => new(emulator.Settings, new ImagenClientOptions
    {
        PollInitialInterval = TimeSpan.FromMilliseconds(100),
        PollMaxInterval = TimeSpan.FromMilliseconds(500),
    });

    /// <summary>
    /// The nightly command's request for some shoot folders: random test bytes (no content check), and no quiet period
    /// (a real night's new shoot was copied hours before; here it was written a second ago).
    /// </summary>
    public static ImagenEditWorkflowRequest Request(IEnumerable<string> folders, ImagenProfile profile, ImagenRunStore store) => new()
    {
        Folders = folders.ToList(),
        Profile = profile,
        InspectContent = false,
        QuietPeriod = TimeSpan.Zero,
        RunStore = store,
    };

    /// <summary>
    /// Save-ImagenResult's shoot path (SaveImagenResultCommand.SaveShoot) in Core calls: every edited project of the
    /// shoot whose results are all on disk as recorded is not asked for again; the others are downloaded beside the
    /// originals and marked delivered. Returns the results saved now.
    /// </summary>
    public static async Task<int> SaveShootAsync(ImagenClient client, ImagenRunStore store, string shootId)
    {
        var runs = store.RunsOf(shootId);
        var saved = 0;
        foreach (var run in runs.Where(r => r.ProjectId != null && r.State >= ImagenRunState.EditDone && r.State != ImagenRunState.EditFailed))
        {
            if (run.IsDelivered(ImagenJobKind.Edit) && run.Outputs.All(o => new FileInfo(o.Path) is { Exists: true } file && file.Length == o.Length))
            {
                continue;
            }

            var request = new ImagenResultDownloadRequest
            {
                ProjectId = run.ProjectId!,
                Selection = ImagenResultSelection.Edit,
                Originals = run.Originals,
                Ledger = new ImagenOutputLedger(run, null, runs),
            };
            var plan = await ImagenResultDownloadPlan.CreateAsync(client, request);
            var summary = await plan.DownloadAsync(client);
            if (summary.Saved != summary.Results.Count)
            {
                throw new InvalidOperationException($"Project {run.ProjectId}: {summary.Saved} of {summary.Results.Count} results saved.");
            }

            run.Delivered(ImagenJobKind.Edit);
            saved += summary.Downloaded;
        }

        return saved;
    }

    /// <summary>The emulator's journal from <paramref name="since"/> on: the API and storage requests, and the cursor for the next read.</summary>
    public static async Task<(List<string> Routes, long Next)> JournalAsync(HttpClient admin, Uri baseUrl, long since)
    {
        var root = new Uri(baseUrl.GetLeftPart(UriPartial.Authority) + "/admin/");
        using var journal = JsonDocument.Parse(await admin.GetStringAsync(new Uri(root, $"journal?since={since}")));
        var routes = journal.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("route").GetString() ?? e.GetProperty("method").GetString() + " " + e.GetProperty("path").GetString())
            .ToList();
        return (routes, journal.RootElement.GetProperty("next").GetInt64());
    }

    /// <summary>Routes counted, most frequent first: "storage.put 200, upload-links 10, ...".</summary>
    public static string Describe(IEnumerable<string> routes) =>
        string.Join(", ", routes.GroupBy(r => r).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var folder in Directory.GetDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }
}

/// <summary>An emulator's address and key, for a process that did not start it.</summary>
internal sealed record BenchmarkEmulatorAddress(Uri BaseUrl)
{
    public ImagenConnectionSettings Settings => new(BaseUrl, ImagenApiKey.FromPlainText(BenchmarkEmulator.ApiKey));
}
