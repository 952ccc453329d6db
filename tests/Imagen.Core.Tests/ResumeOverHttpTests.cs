using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// The run record over real HTTP: the same request again continues the run (nothing created, uploaded or billed
/// twice), uploads that keep failing stop before billing, and a billed edit rides out a status outage.
/// </summary>
public class ResumeOverHttpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ImagenRunStore Store => new(Path.Combine(_folder.Path, "runs"));

    private IReadOnlyList<string> Shoot(int count = 3) =>
        SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Smith"), count, "raw", seed: 11);

    private ImagenEditWorkflowRequest Request(IReadOnlyList<string> files, bool export = false) => new()
    {
        Files = files.ToList(),
        ProfileKey = 5700,
        Export = export,
        PollInterval = TimeSpan.FromMilliseconds(30),
        RunStore = Store,
        LockWait = TimeSpan.Zero,
    };

    private static async Task<int> CountAsync(EmulatorHarness emulator, string route) =>
        (await emulator.JournalAsync()).Count(e => e.Route() == route);

    [Fact]
    public async Task AFinishedRunRunAgainMakesNoUploadOrBillableCall()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Shoot();
        var first = await new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files, export: true));
        Assert.False(first.Resumed);
        var callsAfterFirst = (await emulator.JournalAsync()).Count;

        var again = await new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files, export: true));

        Assert.True(again.Resumed);
        Assert.Equal(first.ProjectId, again.ProjectId);
        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(ImagenJobState.Completed, again.EditState);
        Assert.Equal(ImagenJobState.Completed, again.ExportState);
        Assert.Equal(3, again.UploadedCount);
        Assert.Equal(3, again.Files.Count);
        // Only the profile is looked up again (to check the files); nothing is created, uploaded, edited or exported.
        Assert.All((await emulator.JournalAsync()).Skip(callsAfterFirst), e => Assert.Equal("profiles", e.Route()));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        Assert.Equal(ImagenRunStatus.Finished, Store.FindByProject(first.ProjectId)!.Status);
    }

    [Fact]
    public async Task UploadsThatKeepFailingStopBeforeBillingAndTheReRunSendsJustThose()
    {
        // The third and later PUTs fail, whatever the retries: two files get through, one never does.
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = "503", Skip = 2 }] });
        var files = Shoot(3);
        var workflow = new ImagenEditWorkflow(emulator.Client);

        var error = await Assert.ThrowsAsync<ImagenWorkflowException>(() => workflow.RunAsync(Request(files)));

        Assert.Equal(ImagenErrorIds.UploadsIncomplete, error.ErrorId);
        Assert.False(error.Result.EditStarted);
        Assert.False(error.Result.Billed);
        var failed = Store.FindByProject(error.Result.ProjectId)!.Files.Where(f => !f.Uploaded).Select(f => f.Name).Single();
        Assert.Contains(failed, error.Message);
        Assert.Contains("nothing was billed", error.Message);
        Assert.Equal(0, await CountAsync(emulator, "edit"));

        await emulator.SetFaultsAsync("[]");
        var okPutsBefore = (await emulator.JournalAsync()).Count(e => e.Route() == "storage.put" && e.Status() == 200);
        var result = await workflow.RunAsync(Request(files));

        Assert.True(result.Resumed);
        Assert.Equal(error.Result.ProjectId, result.ProjectId);
        Assert.Equal(3, result.UploadedCount);
        Assert.Equal(okPutsBefore + 1, (await emulator.JournalAsync()).Count(e => e.Route() == "storage.put" && e.Status() == 200));
        Assert.Equal(1, await CountAsync(emulator, "projects.create"));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        Assert.Equal(ImagenJobState.Completed, result.EditState);
    }

    [Fact]
    public async Task APartialSetIsEditedOnlyWhenAllowed()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = "500", Skip = 2 }] });
        var warnings = new List<string>();
        var request = Request(Shoot(3));
        request.AllowPartialUpload = true;

        var result = await new ImagenEditWorkflow(emulator.Client, warnings.Add).RunAsync(request);

        Assert.Equal(2, result.UploadedCount);
        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Contains(warnings, w => w.Contains("-AllowPartialUpload"));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
    }

    [Fact]
    public async Task OtherOptionsStopBeforeAnythingIsBilledAChangedPhotoIsNamedNotSentAndNewProjectEditsAgain()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Shoot(2);
        var warnings = new List<string>();
        var first = await new ImagenEditWorkflow(emulator.Client, warnings.Add).RunAsync(Request(files));
        Assert.Empty(warnings);

        // Other billed settings: refused before anything is created, saying what differs and how to edit again.
        var withCrop = Request(files);
        withCrop.Options = new ImagenEditOptions { Crop = true };
        var refused = await Assert.ThrowsAsync<ImagenWorkflowException>(() => new ImagenEditWorkflow(emulator.Client, warnings.Add).RunAsync(withCrop));
        Assert.Equal(ImagenErrorIds.ShootSettingsDiffer, refused.ErrorId);
        Assert.Contains("crop", refused.Message);
        Assert.Contains("-NewProject", refused.Message);
        Assert.Equal(1, await CountAsync(emulator, "projects.create"));

        // A time stamp moved (a daylight-saving shift, touch) is no change; changed bytes are named and not sent.
        File.SetLastWriteTimeUtc(files[0], DateTime.UtcNow.AddHours(-1));
        File.AppendAllText(files[1], "metadata written into the photo");
        var plan = await new ImagenEditWorkflow(emulator.Client, warnings.Add).PrepareAsync(Request(files));
        Assert.Empty(plan.Shoots.Single().ToSend);
        Assert.Equal([Path.GetFileName(files[1])], plan.Shoots.Single().Changed);
        Assert.Contains(plan.Shoots.Single().Notes, n => n.Contains(Path.GetFileName(files[1])) && n.Contains("changed") && n.Contains("-NewProject"));
        await new ImagenEditWorkflow(emulator.Client).RunAsync(plan);
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());

        // -NewProject edits every photo of the shoot again on purpose, with the new settings.
        withCrop.NewProject = true;
        var onPurpose = await new ImagenEditWorkflow(emulator.Client).RunAsync(withCrop);
        Assert.NotEqual(first.ProjectId, onPurpose.ProjectId);
        Assert.Equal(2, await emulator.TotalBillableEditsAsync());
        Assert.Equal(4, emulator.Server.TotalBilledPhotos);
    }

    [Fact]
    public async Task AnEditRequestedButNeverAnsweredIsSettledByTheStatus()
    {
        // The /edit request hangs (the answer never comes back in time); the run is stopped while it waits.
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "edit", Kind = "latency", LatencyMilliseconds = 30_000, Times = 1 }] });
        var files = Shoot(2);
        using var stop = new CancellationTokenSource();
        var store = Store;
        var running = new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files), null, stop.Token);
        await WaitUntilAsync(() => store.List().FirstOrDefault()?.State == ImagenRunState.EditRequested);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        Assert.Equal(ImagenRunState.EditRequested, store.List().Single().State);

        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files));

        Assert.True(result.Resumed);
        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(1, await CountAsync(emulator, "projects.create"));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        Assert.Contains(emulator.Log.All.Split('\n'), l => l.Contains("never reached the service") || l.Contains("had reached the service"));
    }

    [Fact]
    public async Task ARunThatFailsWithTheEditsAnswerLostSaysTheProjectMayBeBilledAndTheReRunCollectsIt()
    {
        // /edit is taken and billed, its answer dropped, and the status cannot be read: the run cannot know.
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions
        {
            Faults =
            [
                new FaultRule { Route = "edit", Kind = "drop", Times = 1 },
                new FaultRule { Route = "edit.status", Kind = "500" },
            ],
        });
        var files = Shoot(2);

        var failed = await Assert.ThrowsAsync<ImagenWorkflowException>(() => new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files)));

        var record = Store.List().Single();
        Assert.Equal(ImagenRunState.EditRequested, record.State);
        Assert.Contains(record.ProjectId!, failed.Message);
        Assert.Contains("may already be billed", failed.Message);
        Assert.Contains("run the same command again", failed.Message);
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());

        await emulator.SetFaultsAsync("[]");
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files));

        Assert.True(result.Resumed);
        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(1, await CountAsync(emulator, "edit"));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
    }

    [Fact]
    public async Task AnAcceptedEditIsNotSentAgainAfterTheRunStopped()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 1 });
        var files = Shoot(2);
        var store = Store;
        using var stop = new CancellationTokenSource();
        var running = new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files, export: true), null, stop.Token);
        await WaitUntilAsync(() => store.List().FirstOrDefault()?.State == ImagenRunState.EditAccepted);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(Request(files, export: true));

        Assert.Equal(ImagenJobState.Completed, result.ExportState);
        Assert.Equal(1, await CountAsync(emulator, "edit"));
        Assert.Equal(1, await CountAsync(emulator, "export"));
        Assert.Equal(2, (await emulator.JournalAsync()).Count(e => e.Route() == "storage.put"));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
    }

    [Fact]
    public async Task ABilledEditRidesOutAMinuteOfStatusOutage()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 2 });
        var options = EmulatorHarness.FastOptions();
        options.PollMaxInterval = TimeSpan.FromSeconds(2);
        var log = new RecordingLog();
        using var client = emulator.CreateClient(emulator.Server.ApiKey, options, log);
        var store = Store;
        var running = new ImagenEditWorkflow(client).RunAsync(Request(Shoot(2)));

        // Every status read fails for a minute, starting right after the edit was accepted.
        await WaitUntilAsync(() => store.List().FirstOrDefault()?.State >= ImagenRunState.EditRequested);
        await emulator.SetFaultsAsync("[{\"route\":\"edit.status\",\"kind\":\"503\"}]");
        var outage = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(60));
        Assert.False(running.IsCompleted);
        await emulator.SetFaultsAsync("[]");

        var result = await running;
        Assert.True(outage.Elapsed >= TimeSpan.FromSeconds(60));
        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        Assert.Contains(await emulator.JournalAsync(), e => e.Route() == "edit.status" && e.Status() == 503);
        Assert.Contains("still waiting", log.All);
    }

    [Fact]
    public async Task AStoppedBilledRunSaysWhichProjectIsBilledAndHowToCollectIt()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 5 });
        var request = Request(Shoot(1));
        request.WaitTimeout = TimeSpan.FromMilliseconds(300);

        var error = await Assert.ThrowsAsync<ImagenWorkflowException>(() => new ImagenEditWorkflow(emulator.Client).RunAsync(request));

        Assert.Equal(ImagenErrorIds.WaitTimedOut, error.ErrorId);
        Assert.True(error.Result.Billed);
        Assert.Contains(error.Result.ProjectId, error.Message);
        Assert.Contains("is billed", error.Message);
        Assert.Contains("run the same command again", error.Message);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The run did not reach the expected state within 30 s.");
            await Task.Delay(20);
        }
    }
}
