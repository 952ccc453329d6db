using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace Imagen.Core.Tests;

/// <summary>
/// Issue 16 point 4 in Core, over real HTTP: a Smart Edit keeps a run record, so the same request again continues it
/// (nothing created, uploaded or billed twice), project creation rides out 500/503 and a lost answer, a multipart upload
/// a stopped run left open is aborted by the next, photos Smart-edited before are not billed again silently, and a
/// Smart Edit and a profile's edit of the same folder never take each other's records. The kill tests in a real pwsh
/// are in Imagen.PowerShell.Tests (SmartEditKillAndResumeTests).
/// </summary>
public class SmartEditResumeOverHttpTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private ImagenRunStore Store => new(Path.Combine(_folder.Path, "runs"));

    private IReadOnlyList<string> Listing(int count = 5) =>
        SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Elm_St"), count, "jpeg", seed: 11);

    private ImagenSmartEditRequest Request(IReadOnlyList<string> files, ImagenSmartEditOptions? options = null) => new()
    {
        Files = files.ToList(),
        Options = options ?? new ImagenSmartEditOptions(),
        PollInterval = TimeSpan.FromMilliseconds(30),
        RunStore = Store,
        LockWait = TimeSpan.Zero,
    };

    private static IReadOnlyList<Project> SmartEditProjects(EmulatorServer server) =>
        server.Services.GetRequiredService<ProjectStore>().Everything().Where(p => p.Family == ProjectFamily.SmartEdit).ToList();

    private static int OpenMultipartUploads(EmulatorServer server) =>
        server.Services.GetRequiredService<ProjectStore>().Everything().Sum(p => { lock (p.Gate) return p.MultipartUploads.Count; });

    [Fact]
    public async Task A_finished_smart_edit_run_again_is_collected_without_creating_uploading_or_billing()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Listing();
        var first = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));
        var callsAfterFirst = emulator.Server.Journal.Count;

        var again = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));

        Assert.False(first.Resumed);
        Assert.True(first.SentEdit);
        Assert.Matches(@"^Elm_St \(5 photos, [0-9a-f]{10}\)$", first.ProjectName);
        Assert.True(again.Resumed);
        Assert.False(again.SentEdit);
        Assert.Equal(first.ProjectId, again.ProjectId);
        Assert.Equal(first.RunId, again.RunId);
        Assert.Equal(ImagenJobState.Completed, again.State);
        Assert.Equal(5, again.Links.Count);
        Assert.Equal(5, again.Files.Count);
        var routes = emulator.Server.Journal.Skip(callsAfterFirst).Select(e => e.Route).ToList();
        Assert.Equal(new[] { "i2i.get", "i2i.links" }, routes);
        Assert.Equal(1, emulator.Server.TotalBillableEdits);
        Assert.Equal(5, emulator.Server.TotalBilledPhotos);
        var run = Store.FindByProject(first.ProjectId!)!;
        Assert.True(run.IsSmartEdit);
        Assert.Equal(ImagenRunState.EditDone, run.State);
        Assert.Equal(ImagenSmartEditWorkflow.ShootType, Store.FindShoot(run.ShootId!)!.ImageType);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("503")]
    public async Task Creating_the_project_rides_out_a_server_error(string kind)
    {
        var faults = new EmulatorOptions { Faults = [new FaultRule { Route = "i2i.create", Kind = kind, Times = 2, RetryAfterSeconds = 0 }] };
        await using var emulator = await EmulatorHarness.StartAsync(faults);

        var result = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(Listing()));

        Assert.Equal(ImagenJobState.Completed, result.State);
        var creates = emulator.Server.Journal.Where(e => e.Route == "i2i.create").Select(e => e.Status).ToList();
        Assert.Equal(new[] { int.Parse(kind), int.Parse(kind), 200 }, creates);
        Assert.Single(SmartEditProjects(emulator.Server));
        Assert.Equal(1, emulator.Server.TotalBillableEdits);
    }

    [Fact]
    public async Task A_create_whose_answer_was_lost_is_found_by_its_name_not_created_again()
    {
        // "drop": the service creates the project, then the answer is cut off half-way.
        var faults = new EmulatorOptions { Faults = [new FaultRule { Route = "i2i.create", Kind = "drop", Times = 1 }] };
        await using var emulator = await EmulatorHarness.StartAsync(faults);

        var result = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(Listing()));

        Assert.Equal(ImagenJobState.Completed, result.State);
        Assert.Single(emulator.Server.Journal, e => e.Route == "i2i.create");
        Assert.Contains(emulator.Server.Journal, e => e.Route == "i2i.list");
        Assert.Equal(result.ProjectId, Assert.Single(SmartEditProjects(emulator.Server)).Uuid);
        Assert.Equal(1, emulator.Server.BillableEdits(result.ProjectId!));
    }

    [Fact]
    public async Task A_multipart_upload_a_stopped_run_left_open_is_aborted_by_the_next_run_and_the_file_goes_up_once()
    {
        // The first run stops mid-part and cannot abort (the abort route fails): only its record knows the upload.
        var options = EmulatorHarness.FastOptions();
        options.MultipartThreshold = MiB;
        options.MaxRetryAttempts = 0;
        var faults = new EmulatorOptions
        {
            Faults =
            [
                new FaultRule { Route = "storage.part", Kind = "stall", StallSeconds = 60 },
                new FaultRule { Route = "i2i.multipart.abort", Kind = "500" },
            ],
        };
        await using var emulator = await EmulatorHarness.StartAsync(faults, options);
        var files = Listing().ToList();
        File.WriteAllBytes(files[0], File.ReadAllBytes(files[0]).Concat(new byte[2 * MiB]).ToArray());
        using (var stop = new CancellationTokenSource())
        {
            var running = new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files), cancellationToken: stop.Token);
            await WaitUntilAsync(() => emulator.Server.Journal.Any(e => e.Route == "i2i.multipart.create" && e.Status == 200));
            await WaitUntilAsync(() => Store.List().Any(r => r.OpenMultipartUploads.Count == 1 && r.UploadedCount == 4)); // the record, not the journal: a put the server answered may not be recorded yet
            stop.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        }

        Assert.Equal(1, OpenMultipartUploads(emulator.Server));
        var open = Assert.Single(Store.List().Single().OpenMultipartUploads);
        emulator.Server.Update(o => o.Faults = []);
        var before = emulator.Server.Journal.Count;

        var result = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));

        Assert.Equal(ImagenJobState.Completed, result.State);
        Assert.Equal(0, OpenMultipartUploads(emulator.Server));
        Assert.Empty(Store.List().Single().OpenMultipartUploads);
        var rerun = emulator.Server.Journal.Skip(before).ToList();
        var abort = Assert.Single(rerun, e => e.Route == "i2i.multipart.abort");
        Assert.Equal(200, abort.Status);
        Assert.Contains(open.UploadId, abort.Path);
        Assert.Single(rerun, e => e.Route == "i2i.multipart.complete" && e.Status == 200);
        Assert.DoesNotContain(rerun, e => e.Route is "storage.put" or "i2i.create"); // the small files went up before
        Assert.Equal(1, emulator.Server.TotalBillableEdits);
        Assert.Equal(5, emulator.Server.TotalBilledPhotos);
    }

    [Fact]
    public async Task Photos_smart_edited_before_are_not_billed_again_without_NewProject()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Listing(6);
        var first = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));
        var before = emulator.Server.Journal.Count;

        var otherOptions = await Assert.ThrowsAsync<ImagenException>(() => new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files, new ImagenSmartEditOptions { HdrMerge = true })));
        var fewer = await Assert.ThrowsAsync<ImagenException>(() => new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files.Take(5).ToList())));

        Assert.Equal(ImagenErrorIds.PhotosEditedBefore, otherOptions.ErrorId);
        Assert.Contains("with other options", otherOptions.Message);
        Assert.Contains(first.ProjectId!, otherOptions.Message);
        Assert.Contains("-NewProject", otherOptions.Message);
        Assert.Equal(ImagenErrorIds.PhotosEditedBefore, fewer.ErrorId);
        Assert.Empty(emulator.Server.Journal.Skip(before)); // refused before anything was asked of the service

        var again = Request(files, new ImagenSmartEditOptions { HdrMerge = true });
        again.NewProject = true;
        var second = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(again);

        var sameOptions = Request(files);
        sameOptions.NewProject = true;
        var third = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(sameOptions);

        Assert.NotEqual(first.ProjectId, second.ProjectId);
        Assert.NotEqual(first.ProjectName, second.ProjectName); // the options are part of the name
        Assert.True(third.SentEdit); // the same photos and options again, on purpose: a project of its own
        Assert.DoesNotContain(third.ProjectId, new[] { first.ProjectId, second.ProjectId });
        Assert.Equal(3, emulator.Server.TotalBillableEdits);
    }

    [Fact]
    public async Task A_smart_edit_and_a_profile_edit_of_one_folder_never_take_each_other_for_done()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Listing();
        var smart = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));

        var edit = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest
        {
            Folders = [Path.GetDirectoryName(files[0])!],
            ProfileKey = 29132,
            PollInterval = TimeSpan.FromMilliseconds(30),
            RunStore = Store,
            LockWait = TimeSpan.Zero,
        });
        var smartAgain = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));

        Assert.Equal(5, edit.SentCount); // the Smart Edit is no edit with a profile: every photo goes to the profile's edit
        Assert.NotEqual(smart.ProjectId, edit.ProjectId);
        Assert.NotEqual(smart.ShootId, edit.ShootId);
        Assert.True(smartAgain.Resumed);
        Assert.Equal(smart.ProjectId, smartAgain.ProjectId);
        Assert.Equal(2, emulator.Server.TotalBillableEdits);
    }

    [Fact]
    public async Task With_its_records_lost_and_the_folder_renamed_a_smart_edit_is_found_on_the_service_not_billed_again()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Listing();
        var first = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));
        Directory.Delete(Store.Directory, recursive: true);
        var renamed = Path.Combine(_folder.Path, "12 Elm Street");
        Directory.Move(Path.GetDirectoryName(files[0])!, renamed);
        var moved = files.Select(f => Path.Combine(renamed, Path.GetFileName(f))).ToList();

        var again = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(moved));

        Assert.Equal(first.ProjectId, again.ProjectId); // found by the fingerprint of its photos and options, whatever the folder's name
        Assert.False(again.SentEdit);
        Assert.Equal(ImagenJobState.Completed, again.State);
        Assert.Equal(5, again.Links.Count);
        Assert.Single(SmartEditProjects(emulator.Server));
        Assert.Equal(1, emulator.Server.TotalBillableEdits);
        Assert.DoesNotContain(emulator.Server.Journal.Where(e => e.Route is "storage.put" or "i2i.upload-links"), e => e.Sequence > emulator.Server.Journal.Last(j => j.Route == "i2i.edit").Sequence);
    }

    [Fact]
    public async Task With_its_shoot_record_lost_a_smart_edit_run_is_continued_and_never_adopted_by_a_profile_edit()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Listing();
        var first = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));
        foreach (var shoot in Directory.GetFiles(Path.Combine(Store.Directory, "shoots")))
        {
            File.Delete(shoot);
        }

        var edit = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest
        {
            Folders = [Path.GetDirectoryName(files[0])!],
            ProfileKey = 29132,
            PollInterval = TimeSpan.FromMilliseconds(30),
            RunStore = Store,
            LockWait = TimeSpan.Zero,
        });
        var again = await new ImagenSmartEditWorkflow(emulator.Client).RunAsync(Request(files));

        Assert.Equal(5, edit.SentCount);
        Assert.DoesNotContain(edit.Projects, r => r.RunId == first.RunId);
        Assert.True(again.Resumed);
        Assert.Equal(first.RunId, again.RunId);
        Assert.NotEqual(edit.ShootId, again.ShootId);
        Assert.Equal(again.ShootId, Store.Find(first.RunId)!.ShootId); // the run joined the folder's new Smart Edit shoot
        Assert.Equal(2, emulator.Server.TotalBillableEdits);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the moment never came");
            await Task.Delay(20);
        }
    }
}
