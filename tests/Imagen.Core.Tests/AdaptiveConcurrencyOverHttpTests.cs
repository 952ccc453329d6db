using System.Text.Json;
using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// The automatic concurrency (issue 18) over real HTTP against the emulator's simulated line: how many transfers it
/// really runs at once is read from the emulator's journal (each request's start and duration), not from the client.
/// The lines are slow enough (a few MB/s) that the machine's load cannot be what limits them.
/// </summary>
public class AdaptiveConcurrencyOverHttpTests : IDisposable
{
    private const int KiB = 1024;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ByDefaultItAddsConnectionsOnALineLimitedPerConnection()
    {
        // 8 Mbit/s per connection, no total limit: the rate grows with every connection, so the default goes well
        // past the old fixed 5, and -Verbose tells each change, not each file.
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { StorageConnectionMbps = 8 });
        var project = await emulator.Client.CreateProjectAsync("Line");
        var files = WriteFiles("line", 96, 512 * KiB);

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, files);

        Assert.Equal(96, summary.Succeeded);
        var most = PeakConcurrency(await emulator.JournalAsync(), "storage.put");
        Assert.True(most >= 8, $"at most {most} uploads ran at once");
        var story = StoryOf(emulator.Log, "Upload");
        Assert.Contains("Upload concurrency 4 -> 8: ", story[0]);
        Assert.Contains(story, l => l.StartsWith("Upload concurrency 8 -> 16: the rate grew", StringComparison.Ordinal));
        Assert.InRange(story.Count, 2, 8);
        Assert.Contains(emulator.Log.Lines, l => l.Contains("automatic concurrency (from 4 up to 64 at a time)", StringComparison.Ordinal));
        Assert.Matches(@"Upload: [\d.]+ Mbit/s on average \(48 MB in [\d.]+ s\), [\d.]+ Mbit/s at best; automatic concurrency ended at \d+ \(most \d+, \d+ changes?\)\.", emulator.Log.All);
    }

    [Fact]
    public async Task ByDefaultItStaysLowWhenTheBandwidthCapIsTheLimit()
    {
        // -MaximumBandwidth 16 on a line that could carry far more: the cap is filled from the start, so it adds no
        // connection, and fewer connections fill the cap as well.
        var options = EmulatorHarness.FastOptions();
        options.MaximumBandwidthMbps = 16;
        await using var emulator = await EmulatorHarness.StartAsync(clientOptions: options);
        var project = await emulator.Client.CreateProjectAsync("Capped");
        var files = WriteFiles("capped", 16, 512 * KiB);

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, files);

        Assert.Equal(16, summary.Succeeded);
        var most = PeakConcurrency(await emulator.JournalAsync(), "storage.put");
        Assert.True(most <= 5, $"{most} uploads ran at once under the cap");
        var story = StoryOf(emulator.Log, "Upload");
        Assert.DoesNotContain(story, l => l.Contains("-> 8", StringComparison.Ordinal));
        Assert.Contains("Upload concurrency 4 -> 2: the bandwidth cap (-MaximumBandwidth) is the limit", story[0]);
    }

    [Fact]
    public async Task AFixedThrottleLimitIsKeptExactlyOnALineThatWouldTakeMore()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { StorageConnectionMbps = 16 });
        var project = await emulator.Client.CreateProjectAsync("Fixed");
        var files = WriteFiles("fixed", 30, 512 * KiB);

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, files, throttleLimit: 3);

        Assert.Equal(30, summary.Succeeded);
        var most = PeakConcurrency(await emulator.JournalAsync(), "storage.put");
        Assert.InRange(most, 3, 4); // the journal may see one request end a moment after the next began
        Assert.Empty(StoryOf(emulator.Log, "Upload"));
        Assert.Contains(emulator.Log.Lines, l => l.Contains("3 at a time (ThrottleLimit)", StringComparison.Ordinal));
        Assert.Matches(@"Upload: [\d.]+ Mbit/s on average \(15 MB in [\d.]+ s\), 3 at a time \(ThrottleLimit\)\.", emulator.Log.All);
    }

    [Fact]
    public async Task TheClientsThrottleLimitOptionFixesItToo()
    {
        var options = EmulatorHarness.FastOptions();
        options.ThrottleLimit = 2;
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { StorageConnectionMbps = 16 }, options);
        var project = await emulator.Client.CreateProjectAsync("Option");

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, WriteFiles("option", 24, 512 * KiB));

        Assert.Equal(24, summary.Succeeded);
        Assert.InRange(PeakConcurrency(await emulator.JournalAsync(), "storage.put"), 2, 3);
        Assert.Empty(StoryOf(emulator.Log, "Upload"));
    }

    [Theory]
    [InlineData("429", "storage answered 429/503")]
    [InlineData("503", "storage answered 429/503")]
    [InlineData("drop", "connection error")]
    public async Task ItBacksOffWhenStorageRefusesOrDropsTransfers(string kind, string reason)
    {
        // A few refusals (each retried, after Retry-After 0) once the upload runs: the concurrency halves at once.
        var faults = new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = kind, Skip = 6, Times = 3, RetryAfterSeconds = 0 }], StorageConnectionMbps = 16 };
        await using var emulator = await EmulatorHarness.StartAsync(faults);
        var project = await emulator.Client.CreateProjectAsync("Refused");

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, WriteFiles("refused", 32, 256 * KiB));

        Assert.Equal(32, summary.Succeeded);
        var story = StoryOf(emulator.Log, "Upload");
        Assert.Contains(story, l => l.StartsWith("Upload concurrency 4 -> 2: ", StringComparison.Ordinal) && l.Contains(reason, StringComparison.Ordinal) && l.EndsWith(": backing off.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DownloadsAddConnectionsToo()
    {
        // Each download waits 200 ms at storage: the rate grows with every connection.
        // The edit only makes the links, so its uploads get a retry window a loaded machine cannot outlast: a CI run
        // once had 79 links for 80 photos, most likely an upload that failed past the harness's 1 s window.
        var options = EmulatorHarness.FastOptions();
        options.UploadRetryWindow = TimeSpan.FromSeconds(60);
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 0 }, options);
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Smith"), 80, "raw", seed: 5);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { Files = files.ToList(), ProfileKey = 5700, PollInterval = TimeSpan.FromMilliseconds(30) });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        Assert.True(links.Count == 80, $"{links.Count} links for 80 photos: {result.PhotoCount} photos, {result.SentCount} sent, {result.EditedCount} edited, {result.FailedCount} failed, {result.PendingCount} pending, edit {result.EditStatus}; "
            + string.Join("; ", (result.Upload?.Failures ?? []).Select(f => f.Error).Concat(result.PhotoFailures.Select(f => f.Name + ": " + f.Reason))));
        await emulator.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"latency\",\"latencyMilliseconds\":200}]");

        var summary = await emulator.Client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "out"));

        Assert.True(80 == summary.Downloaded, "not every file was downloaded: " + string.Join("; ", summary.Results.Where(r => r.Status != ImagenDownloadStatus.Downloaded).Select(r => $"{r.Status} {r.FileName} {r.Message}")));
        Assert.True(PeakConcurrency(await emulator.JournalAsync(), "storage.get") >= 7, "the downloads never went past 6 at once");
        Assert.Contains("Download concurrency 4 -> 8: ", StoryOf(emulator.Log, "Download")[0]);
        Assert.Contains(emulator.Log.Lines, l => l.Contains("Downloading 80 files, automatic concurrency", StringComparison.Ordinal));
    }

    /// <summary>The -Verbose lines about the concurrency of one kind of transfer, in order.</summary>
    private static List<string> StoryOf(RecordingLog log, string operation) =>
        log.Lines.Where(l => l.StartsWith("VERBOSE: " + operation + " concurrency ", StringComparison.Ordinal)).Select(l => l.Substring("VERBOSE: ".Length)).ToList();

    /// <summary>The most requests of <paramref name="route"/> the emulator was serving at once.</summary>
    private static int PeakConcurrency(IReadOnlyList<JsonElement> journal, string route)
    {
        var edges = journal.Where(e => e.Route() == route).SelectMany(e =>
        {
            var start = e.GetProperty("time").GetDateTimeOffset();
            var end = start + TimeSpan.FromMilliseconds(e.GetProperty("durationMs").GetDouble());
            return new[] { (At: start, Change: 1), (At: end, Change: -1) };
        });
        int running = 0, most = 0;
        foreach (var edge in edges.OrderBy(e => e.At).ThenBy(e => e.Change))
        {
            running += edge.Change;
            most = Math.Max(most, running);
        }

        return most;
    }

    private IReadOnlyList<string> WriteFiles(string subfolder, int count, int bytes)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, subfolder)).FullName;
        var data = new byte[bytes];
        new Random(count).NextBytes(data);
        return Enumerable.Range(0, count).Select(i =>
        {
            BitConverter.TryWriteBytes(data.AsSpan(0, 4), i);
            var path = Path.Combine(folder, $"IMG_{i:0000}.jpg");
            File.WriteAllBytes(path, data);
            return path;
        }).ToList();
    }
}

/// <summary>The gate that applies the automatic concurrency's decisions while transfers hold its slots.</summary>
public class ConcurrencyGateTests
{
    [Fact]
    public async Task AHigherLimitFreesWaitersAtOnceAndALowerOneTakesEffectAsSlotsComeBack()
    {
        using var gate = new ConcurrencyGate(2);
        await gate.WaitAsync(CancellationToken.None);
        await gate.WaitAsync(CancellationToken.None);
        var third = gate.WaitAsync(CancellationToken.None);
        Assert.False(third.IsCompleted);

        gate.SetLimit(3);
        await third.WaitAsync(TimeSpan.FromSeconds(10));

        // Three held, limit 1: the next two releases are swallowed, the third frees a waiter.
        gate.SetLimit(1);
        var fourth = gate.WaitAsync(CancellationToken.None);
        gate.Release();
        gate.Release();
        Assert.False(fourth.IsCompleted);
        gate.Release();
        await fourth.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ALowerLimitTakesFreeSlotsAtOnce()
    {
        using var gate = new ConcurrencyGate(4);
        gate.SetLimit(1);

        await gate.WaitAsync(CancellationToken.None);
        var second = gate.WaitAsync(CancellationToken.None);

        Assert.False(second.IsCompleted);
        gate.SetLimit(2);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
