using System.Text.Json;
using System.Text.Json.Nodes;
using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// Issues 15 and 16 over real HTTP: the photo inside a shoot is what is billed and remembered. Whatever happens to the
/// folder (photos added, culled, replaced, still being written, the folder moved) or to the records (damaged, lost),
/// every photo is billed once and none is missed; the emulator's billed photos say so directly.
/// </summary>
public sealed class ShootOverHttpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string StorePath => Path.Combine(_folder.Path, "runs");

    private ImagenRunStore Store => new(StorePath);

    private string ShootFolder(string name = "Smith") => Path.Combine(_folder.Path, "Shoots", name);

    private IReadOnlyList<string> Photos(string name = "Smith", int count = 3, int seed = 11) =>
        SampleShootGenerator.Generate(ShootFolder(name), count, "raw", seed: seed);

    private ImagenEditWorkflowRequest Request(string folder, bool export = false) => new()
    {
        Folders = [folder],
        ProfileKey = 5700,
        Export = export,
        PollInterval = TimeSpan.FromMilliseconds(30),
        RunStore = Store,
        LockWait = TimeSpan.Zero,
        QuietPeriod = TimeSpan.Zero,
    };

    private static Task<ImagenEditResult> RunAsync(EmulatorHarness emulator, ImagenEditWorkflowRequest request, List<string>? warnings = null) =>
        new ImagenEditWorkflow(emulator.Client, warnings == null ? null : warnings.Add).RunAsync(request);

    private static async Task<int> CountAsync(EmulatorHarness emulator, string route) =>
        (await emulator.JournalAsync()).Count(e => e.Route() == route);

    /// <summary>A photo the sample generator would not write into this shoot (other bytes, a name of its own).</summary>
    private string AddPhoto(string folder, string name, int seed)
    {
        var source = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "source-" + seed), 1, "raw", seed: seed).Single();
        var target = Path.Combine(folder, name + Path.GetExtension(source));
        File.Copy(source, target);
        return target;
    }

    [Fact]
    public async Task PhotosAddedGoToOneFollowOnProjectAndCulledPhotosAreNoError()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var photos = Photos(count: 3);
        var first = await RunAsync(emulator, Request(ShootFolder()));
        Assert.Equal(3, emulator.Server.TotalBilledPhotos);

        File.Delete(photos[0]);
        var added = new[] { AddPhoto(ShootFolder(), "NEW_0101", 21), AddPhoto(ShootFolder(), "NEW_0102", 22) };
        var plan = await new ImagenEditWorkflow(emulator.Client).PrepareAsync(Request(ShootFolder()));
        var shoot = plan.Shoots.Single();
        Assert.Equal(added.Select(Path.GetFileName).Order(), shoot.ToSend.Select(p => p.Name).Order());
        Assert.True(shoot.FollowOn);
        Assert.StartsWith("Smith (+2 photos, ", shoot.NewProjectName);
        var second = await new ImagenEditWorkflow(emulator.Client).RunAsync(plan);

        Assert.NotEqual(first.ProjectId, second.ProjectId);
        Assert.Equal(2, second.SentCount);
        Assert.Equal(2, second.Projects.Count);
        Assert.Equal((4, 4, 0, 0, 5), (second.PhotoCount, second.EditedCount, second.PendingCount, second.FailedCount, second.BilledCount));
        Assert.Equal(5, emulator.Server.TotalBilledPhotos);
        Assert.Equal(added.Select(Path.GetFileName).Order(), emulator.Server.BilledPhotos(second.ProjectId!).Order());

        // And again: nothing new, nothing sent, no API call but the profile.
        var calls = (await emulator.JournalAsync()).Count;
        var third = await RunAsync(emulator, Request(ShootFolder()));
        Assert.Equal(0, third.SentCount);
        Assert.All((await emulator.JournalAsync()).Skip(calls), e => Assert.Equal("profiles", e.Route()));
        Assert.Equal(5, emulator.Server.TotalBilledPhotos);
    }

    [Fact]
    public async Task AMovedFolderIsTheSameShootAndItsOriginalsFollowIt()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Photos(count: 3);
        var first = await RunAsync(emulator, Request(ShootFolder()));
        var moved = ShootFolder("Smith_2026-12-05");
        Directory.Move(ShootFolder(), moved);
        File.Delete(Directory.GetFiles(moved).First());

        var again = await RunAsync(emulator, Request(moved));

        Assert.Equal(first.ShootId, again.ShootId);
        Assert.Equal(first.ProjectId, again.ProjectId);
        Assert.Equal(0, again.SentCount);
        Assert.Equal(3, emulator.Server.TotalBilledPhotos);
        Assert.All(again.Files.Values, path => Assert.StartsWith(moved + Path.DirectorySeparatorChar, path));
        var shoot = Store.ListShoots().Single();
        Assert.Equal(moved, shoot.Folder);
        Assert.Equal(new[] { shoot.ShootId }, ImagenShootLookup.ShootIdsFor(Store, moved));
        Assert.Equal(new[] { shoot.ShootId }, ImagenShootLookup.ShootIdsFor(Store, ShootFolder()));
    }

    [Fact]
    public async Task ACopyOfAnEditedShootIsNotBilledAgainAndTheShootStaysWhereItIs()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Photos(count: 2);
        var first = await RunAsync(emulator, Request(ShootFolder()));
        var copy = ShootFolder("Smith copy");
        Directory.CreateDirectory(copy);
        foreach (var photo in Directory.GetFiles(ShootFolder()).Where(f => !f.EndsWith(".xmp", StringComparison.Ordinal)))
        {
            File.Copy(photo, Path.Combine(copy, Path.GetFileName(photo)));
        }

        var warnings = new List<string>();
        var plan = await new ImagenEditWorkflow(emulator.Client).PrepareAsync(Request(copy));

        Assert.Empty(plan.Shoots.Single().ToSend);
        Assert.Contains(plan.Shoots.Single().Notes, n => n.Contains("byte-identical copies") && n.Contains(first.ProjectId!) && n.Contains("-NewProject"));
        Assert.Equal(2, emulator.Server.TotalBilledPhotos);
        Assert.Equal(ShootFolder(), Store.FindShoot(first.ShootId!)!.Folder);
    }

    [Fact]
    public async Task AddingExportExportsTheShootsProjectsWithoutANewEditAndDroppingItReEditsNothing()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Photos(count: 2);
        await RunAsync(emulator, Request(ShootFolder()));
        AddPhoto(ShootFolder(), "NEW_0201", 31);
        var withFollowOn = await RunAsync(emulator, Request(ShootFolder()));
        Assert.Equal(2, withFollowOn.Projects.Count);
        Assert.Null(withFollowOn.ExportStatus);

        var exported = await RunAsync(emulator, Request(ShootFolder(), export: true));

        Assert.Equal(ImagenJobState.Completed, exported.ExportState);
        Assert.All(exported.Projects, p => Assert.Equal(ImagenRunState.ExportDone, p.State));
        Assert.Equal(2, await CountAsync(emulator, "edit"));
        Assert.Equal(2, await CountAsync(emulator, "export"));
        Assert.Equal(3, emulator.Server.TotalBilledPhotos);

        var dropped = await RunAsync(emulator, Request(ShootFolder(), export: false));
        Assert.Equal(0, dropped.SentCount);
        Assert.Equal(2, await CountAsync(emulator, "edit"));
        Assert.Equal(2, await CountAsync(emulator, "export"));
        Assert.Equal(3, emulator.Server.TotalBilledPhotos);
    }

    [Fact]
    public async Task APhotoReplacedAfterItsUploadGoesUpAgainBeforeTheEditSoTheServiceEditsTheBytesOnDisk()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var photos = Photos(count: 2);
        var replaced = photos[0];
        var replacement = File.ReadAllBytes(SampleShootGenerator.Generate(Path.Combine(_folder.Path, "other"), 1, "raw", seed: 41).Single());
        var done = false;
        var progress = new SynchronousRecorder<ImagenWorkflowProgress>(p =>
        {
            // Both uploads finished, the edit not asked for yet: the photographer re-saves the photo.
            if (!done && p.Stage == ImagenWorkflowStage.Uploading && p.Transfer is { } t && t.CompletedFiles == t.TotalFiles)
            {
                done = true;
                File.WriteAllBytes(replaced, replacement);
                File.SetLastWriteTimeUtc(replaced, DateTime.UtcNow.AddSeconds(5));
            }
        });

        var warnings = new List<string>();
        var result = await new ImagenEditWorkflow(emulator.Client, warnings.Add).RunAsync(Request(ShootFolder()), progress);

        Assert.True(done);
        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Contains(warnings, w => w.Contains(Path.GetFileName(replaced)) && w.Contains("go up again"));
        var state = (await emulator.ProjectsAsync()).Single();
        var stored = state["files"]!.AsArray().Single(f => (string)f!["fileName"]! == Path.GetFileName(replaced))!;
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(replacement)), (string)stored["md5Hex"]!);
        Assert.Equal(3, (await emulator.JournalAsync()).Count(e => e.Route() == "storage.put" && e.Status() == 200));
        Assert.Equal(1, await CountAsync(emulator, "edit"));
    }

    [Fact]
    public async Task PhotosStillBeingWrittenWaitForALaterRunAndAShootMostlyArrivingWaitsWhole()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var photos = Photos(count: 3);
        foreach (var photo in photos.Skip(1))
        {
            File.SetLastWriteTimeUtc(photo, DateTime.UtcNow.AddMinutes(-10));
            File.SetCreationTimeUtc(photo, DateTime.UtcNow.AddMinutes(-10));
        }

        var request = Request(ShootFolder());
        request.QuietPeriod = TimeSpan.FromMinutes(2);
        File.SetLastWriteTimeUtc(photos[0], DateTime.UtcNow);

        var some = await RunAsync(emulator, request);

        Assert.Equal(2, some.SentCount);
        Assert.Equal([Path.GetFileName(photos[0])], some.Deferred);
        Assert.Equal(1, some.PendingCount);
        Assert.Equal(2, emulator.Server.TotalBilledPhotos);

        // A second shoot whose photos are nearly all still arriving waits as a whole.
        var arriving = Photos("Jones", 3, seed: 12);
        File.SetLastWriteTimeUtc(arriving[0], DateTime.UtcNow.AddMinutes(-10));
        var jones = Request(ShootFolder("Jones"));
        jones.QuietPeriod = TimeSpan.FromMinutes(2);
        var plan = await new ImagenEditWorkflow(emulator.Client).PrepareAsync(jones);
        Assert.True(plan.Shoots.Single().Postponed);
        Assert.Empty(plan.Shoots.Single().ToSend);
        Assert.Contains(plan.Shoots.Single().Notes, n => n.Contains("waits for a later run"));

        // Later, the photo has settled: just it goes, as a follow-on.
        File.SetLastWriteTimeUtc(photos[0], DateTime.UtcNow.AddMinutes(-10));
        File.SetCreationTimeUtc(photos[0], DateTime.UtcNow.AddMinutes(-10));
        var later = await RunAsync(emulator, request);
        Assert.Equal(1, later.SentCount);
        Assert.Equal(3, emulator.Server.TotalBilledPhotos);
    }

    [Fact]
    public async Task ABudgetStopsACommandThatWouldSendMorePhotosBeforeAnythingIsCreated()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Photos("Smith", 3, 11);
        Photos("Jones", 2, 12);
        var request = Request(ShootFolder());
        request.Folders = [ShootFolder("Smith"), ShootFolder("Jones")];
        request.MaximumPhotoCount = 4;

        var error = await Assert.ThrowsAsync<ImagenException>(() => new ImagenEditWorkflow(emulator.Client).PrepareAsync(request));

        Assert.Equal(ImagenErrorIds.PhotoBudgetExceeded, error.ErrorId);
        Assert.Contains("would send 5 photo(s)", error.Message);
        Assert.Contains("4", error.Message);
        Assert.DoesNotContain(await emulator.JournalAsync(), e => e.Route() is "projects.create" or "upload-links" or "storage.put" or "edit");
        request.MaximumPhotoCount = 5;
        Assert.Equal(5, (await new ImagenEditWorkflow(emulator.Client).PrepareAsync(request)).PhotosToBill);
    }

    [Fact]
    public async Task PhotosTheServiceCouldNotEditAreRecordedAndGoAgainOnlyWhenChangedOrAskedFor()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var photos = Photos(count: 3);
        var failing = Path.GetFileName(photos[1]);
        emulator.Server.Update(o => o.FailPhotos = [failing]);

        var first = await RunAsync(emulator, Request(ShootFolder()));

        Assert.Equal(ImagenJobState.Completed, first.EditState);
        Assert.Equal((2, 1), (first.EditedCount, first.FailedCount));
        var failure = Assert.Single(first.PhotoFailures);
        Assert.Equal(failing, failure.Name);
        Assert.Contains("could not be processed", failure.Reason);
        Assert.Equal("2 of 3 photo(s) edited, 1 failed", first.PhotoSummary);
        Assert.Contains(first.ProjectId!, first.SettledNow);

        emulator.Server.Update(o => o.FailPhotos = []);
        var unchanged = await new ImagenEditWorkflow(emulator.Client).PrepareAsync(Request(ShootFolder()));
        Assert.Empty(unchanged.Shoots.Single().ToSend);
        Assert.Equal([failing], unchanged.Shoots.Single().FailedKept);

        var retry = Request(ShootFolder());
        retry.RetryFailed = true;
        var retried = await RunAsync(emulator, retry);
        Assert.Equal(1, retried.SentCount);
        Assert.Equal((3, 0), (retried.EditedCount, retried.FailedCount));
        Assert.Equal(4, emulator.Server.TotalBilledPhotos);
        Assert.Equal([failing], emulator.Server.BilledPhotos(retried.ProjectId!));
    }

    public static IEnumerable<object[]> Damages() => new[]
    {
        new object[] { "truncated" },
        new object[] { "emptied" },
        new object[] { "deleted" },
        new object[] { "stripped of a field" },
        new object[] { "run folder removed" },
        new object[] { "whole store removed" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public async Task ADamagedOrLostRecordAfterBillingCostsNoSecondBillTheServiceRemembers(string damage)
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Photos(count: 3);
        var first = await RunAsync(emulator, Request(ShootFolder()));
        var run = Store.List().Single();
        var snapshot = Path.Combine(run.Folder, "run.json");
        switch (damage)
        {
            case "truncated":
                File.WriteAllBytes(snapshot, File.ReadAllBytes(snapshot).Take(200).ToArray());
                break;
            case "emptied":
                File.WriteAllBytes(snapshot, []);
                break;
            case "deleted":
                File.Delete(snapshot);
                break;
            case "stripped of a field":
                var json = JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject();
                json.Remove("state");
                File.WriteAllText(snapshot, json.ToJsonString());
                break;
            case "run folder removed":
                Directory.Delete(run.Folder, recursive: true);
                break;
            case "whole store removed":
                Directory.Delete(StorePath, recursive: true);
                break;
        }

        var warnings = new List<string>();
        var again = await RunAsync(emulator, Request(ShootFolder()), warnings);

        Assert.Equal(1, await CountAsync(emulator, "projects.create"));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        Assert.Equal(3, emulator.Server.TotalBilledPhotos);
        Assert.Equal(first.ProjectId, again.ProjectId);
        Assert.Equal((3, 3, 0), (again.PhotoCount, again.EditedCount, again.PendingCount));
        Assert.Equal(3, again.Files.Count);
        Assert.True(Store.List().Single(r => r.ProjectId == first.ProjectId).FoundOnService);
        if (damage is "truncated" or "emptied" or "deleted" or "stripped of a field")
        {
            Assert.Contains(Directory.GetDirectories(StorePath), d => Path.GetFileName(d).StartsWith(run.RunId + ".damaged-", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task ARecordFromBeforeShootsIsAdoptedByItsShootAndNothingItBilledIsBilledAgain()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Photos(count: 2);
        var first = await RunAsync(emulator, Request(ShootFolder()));
        var run = Store.List().Single();

        // What a record written by the module before shoots looks like: no shoot id, no shoot record.
        var snapshot = Path.Combine(run.Folder, "run.json");
        var json = JsonNode.Parse(File.ReadAllText(snapshot))!.AsObject();
        json.Remove("shootId");
        File.WriteAllText(snapshot, json.ToJsonString());
        Directory.Delete(Path.Combine(StorePath, "shoots"), recursive: true);

        var again = await RunAsync(emulator, Request(ShootFolder()));

        Assert.Equal(first.ProjectId, again.ProjectId);
        Assert.Equal(0, again.SentCount);
        Assert.Equal(1, await CountAsync(emulator, "projects.create"));
        Assert.Equal(2, emulator.Server.TotalBilledPhotos);
        Assert.Equal(again.ShootId, Store.List().Single().ShootId);
    }
}
