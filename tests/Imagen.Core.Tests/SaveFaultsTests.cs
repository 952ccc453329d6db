using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// Issue 16 point 5 in Core: downloads ride out faults within a retry window as uploads do; a local write error is
/// not retried; a run whose record cannot be written after billing still says the project is billed.
/// </summary>
public class SaveFaultsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// The client's own retries cut to one per request, so that it is the window that delivers: with the default five,
    /// 20 % faults would exhaust them for a file only about once in 300 saves of 500 files.
    /// </summary>
    private static ImagenClientOptions OneRetry(TimeSpan downloadWindow)
    {
        var options = EmulatorHarness.FastOptions();
        options.MaxRetryAttempts = 1;
        options.DownloadRetryWindow = downloadWindow;
        options.TransferIdleTimeout = TimeSpan.FromSeconds(5);
        return options;
    }

    private async Task<(ImagenEditResult Result, IReadOnlyList<ImagenDownloadLink> Links)> EditAsync(EmulatorHarness emulator, int count, string kind = "raw")
    {
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Shoot"), count, kind, seed: 11);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { Files = files.ToList(), ProfileKey = kind == "jpeg" ? 29132 : 5700, InspectContent = false, PollInterval = TimeSpan.FromMilliseconds(30), RunStore = new ImagenRunStore(Path.Combine(_folder.Path, "runs")) });
        return (result, await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId));
    }

    [Fact]
    public async Task FiveHundredResultsAtTwentyPercentFaultsAreAllSavedInOnePass()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 0.001, Seed = 16 }, OneRetry(TimeSpan.FromSeconds(60)));
        var (result, links) = await EditAsync(emulator, 500, "jpeg");
        Assert.Equal(500, links.Count);

        // 20 % of the save's requests (links and storage) fail: 429, 500, 503, dropped and stalled answers, evenly.
        await emulator.SetFaultsAsync("[" + string.Join(",", new[] { "\"kind\":\"429\"", "\"kind\":\"500\"", "\"kind\":\"503\"", "\"kind\":\"drop\"", "\"kind\":\"stall\",\"stallSeconds\":1" }
            .Select(kind => "{\"route\":\"*\"," + kind + ",\"probability\":0.04}")) + "]");
        var before = (await emulator.JournalAsync()).Count;
        var plan = await ImagenResultDownloadPlan.CreateAsync(emulator.Client, new ImagenResultDownloadRequest { ProjectId = result.ProjectId, DestinationFolder = Path.Combine(_folder.Path, "out") });
        var summary = await plan.DownloadAsync(emulator.Client, throttleLimit: 8);

        Assert.Equal(500, summary.Downloaded);
        Assert.Equal(500, Directory.GetFiles(Path.Combine(_folder.Path, "out")).Length);
        var gets = (await emulator.JournalAsync()).Skip(before).Where(e => e.Route() == "storage.get").ToList();
        Assert.True(gets.Count(e => e.Status() != 200) > 50, "faults were injected");

        // Some results failed twice in a row, the client's own retries, and were delivered by the window.
        Assert.Contains(gets.GroupBy(e => e.GetProperty("path").GetString()), g => g.Count() >= 3);
        Assert.Contains(emulator.Log.Lines, l => l.Contains("download retry window"));
    }

    [Fact]
    public async Task AResultWhoseDownloadKeepsFailingIsTriedAgainUntilTheWindowCloses()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 0.001 }, OneRetry(TimeSpan.FromSeconds(30)));
        var (_, links) = await EditAsync(emulator, 3);

        // Storage fails the next 12 downloads, an outage far longer than the client's own retries (2 requests a file).
        await emulator.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"503\",\"times\":12}]");
        var summary = await emulator.Client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "window"));
        Assert.True(3 == summary.Downloaded, string.Join(Environment.NewLine, summary.Results.Select(r => r.ToString()).Concat(emulator.Log.Lines.TakeLast(30))));

        // With no window a like outage costs results: it is the window that saves them. (A changed rule list
        // restarts the emulator's fault counters.)
        await emulator.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"503\",\"times\":10}]");
        using var noWindow = emulator.CreateClient(emulator.Server.ApiKey, OneRetry(TimeSpan.Zero));
        var without = await noWindow.DownloadFilesAsync(links, Path.Combine(_folder.Path, "no-window"));
        Assert.Equal(3, without.Failed);
        Assert.All(without.Results, r => Assert.Contains("503", r.Message));
    }

    [TmpfsFact]
    public async Task ARunWhoseRecordCannotBeWrittenAfterBillingSaysTheProjectIsBilledAndTheSameRunCollectsIt()
    {
        using var disk = new Tmpfs("1m");
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 0.2 });
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Shoot"), 3, "raw", seed: 5).ToList();
        var store = new ImagenRunStore(Path.Combine(disk.Path, "runs"));
        var request = new ImagenEditWorkflowRequest { Files = files, ProfileKey = 5700, InspectContent = false, PollInterval = TimeSpan.FromMilliseconds(30), RunStore = store };

        // Once the edit is accepted (billed), the run records' disk fills up: the next transition cannot be written.
        var filled = 0;
        var fillWhenBilled = new SynchronousRecorder<ImagenWorkflowProgress>(p =>
        {
            if (p.Stage == ImagenWorkflowStage.Editing && Interlocked.Exchange(ref filled, 1) == 0)
            {
                disk.Fill();
            }
        });
        var stopped = await Assert.ThrowsAsync<ImagenWorkflowException>(() => new ImagenEditWorkflow(emulator.Client).RunAsync(request, fillWhenBilled));

        Assert.Equal("ImagenLocalWriteFailed", stopped.ErrorId);
        Assert.True(stopped.Result.Billed);
        Assert.Contains("is billed", stopped.Message);
        Assert.Contains(store.Directory, stopped.Message);
        Assert.Contains("disk is full", stopped.Message);
        Assert.Contains("run the same command again", stopped.Message);
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());

        // Space again: the same run continues from its record and collects the edit; nothing is billed twice.
        disk.Free();
        var again = await new ImagenEditWorkflow(emulator.Client).RunAsync(request);
        Assert.Equal(stopped.Result.ProjectId, again.ProjectId);
        Assert.Equal("Completed", again.EditStatus);
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        Assert.Single(await emulator.JournalAsync(), e => e.Route() == "edit");
    }
}
