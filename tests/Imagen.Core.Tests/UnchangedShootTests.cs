using Imagen.Core.Tests.Support;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>
/// The nightly scan over shoots already edited (issue 15 point 11): an unchanged shoot costs a listing of its folder
/// and its records, nothing more; and a store that reads each record once still sees what another process wrote
/// before it decides what to send.
/// </summary>
public class UnchangedShootTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Shoot => Path.Combine(_folder.Path, "Shoots", "Smith");

    private string Runs => Path.Combine(_folder.Path, "runs");

    private static ImagenEditWorkflowRequest Request(ImagenProfile profile, ImagenRunStore store, string folder) => new()
    {
        Folders = [folder],
        Profile = profile,
        RunStore = store,
        PollInterval = TimeSpan.FromMilliseconds(30),
        LockWait = TimeSpan.Zero,
    };

    /// <summary>Every file of the run store with its size and write time: a write shows.</summary>
    private List<string> RecordFiles() =>
        Directory.GetFiles(Runs, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .Select(f => $"{f} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}").ToList();

    [Fact]
    public async Task AnUnchangedShootAsksNothingOpensNoPhotoTakesNoLockAndWritesNoRecord()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var photos = SampleShootGenerator.Generate(Shoot, 3, "raw", seed: 21);
        var profile = await emulator.Client.GetProfileAsync(5700);
        var first = await new ImagenEditWorkflow(emulator.Client).RunAsync(Request(profile, new ImagenRunStore(Runs), Shoot));
        Assert.Equal(3, first.EditedCount);
        var calls = (await emulator.JournalAsync()).Count;
        var records = RecordFiles();

        // Each photo held open exclusively, so any open of it fails; the shoot's lock held, so taking it fails.
        var store = new ImagenRunStore(Runs);
        var held = photos.Select(p => new FileStream(p, FileMode.Open, FileAccess.Read, FileShare.None)).ToList();
        try
        {
            using (await store.LockAsync(ShootFolder.IdentityOf(Shoot), "the test holding the shoot", TimeSpan.Zero))
            {
                var workflow = new ImagenEditWorkflow(emulator.Client);
                var plan = await workflow.PrepareAsync(Request(profile, store, Shoot));
                Assert.True(plan.Shoots.Single().NothingToDo);
                var again = await workflow.RunShootAsync(plan, plan.Shoots.Single());
                Assert.Equal((0, 3, 3, first.ProjectId), (again.SentCount, again.EditedCount, again.BilledCount, again.ProjectId));
            }
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }

        Assert.Equal(calls, (await emulator.JournalAsync()).Count);
        Assert.Equal(records, RecordFiles());
    }

    [Fact]
    public async Task PhotosAnotherProcessEditedAfterThisCommandPlannedAreNotSentAgain()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        SampleShootGenerator.Generate(Shoot, 3, "raw", seed: 22);
        var profile = await emulator.Client.GetProfileAsync(5700);

        // The other process reaches the store by another path (a link), so it shares nothing in memory with this one.
        Directory.CreateDirectory(Runs);
        var otherPath = Path.Combine(_folder.Path, "runs-link");
        Directory.CreateSymbolicLink(otherPath, Runs);
        var other = new ImagenEditWorkflow(emulator.Client);
        await other.RunAsync(Request(profile, new ImagenRunStore(otherPath), Shoot));

        var added = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "card"), 4, "raw", seed: 23)[3];
        File.Copy(added, Path.Combine(Shoot, Path.GetFileName(added)));
        var store = new ImagenRunStore(Runs);
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var plan = await workflow.PrepareAsync(Request(profile, store, Shoot));
        Assert.Equal([Path.GetFileName(added)], plan.Shoots.Single().ToSend.Select(p => p.Name));

        // Meanwhile the other process sends the new photo; this command's run must see that record, not bill it again.
        await other.RunAsync(Request(profile, new ImagenRunStore(otherPath), Shoot));
        var result = await workflow.RunShootAsync(plan, plan.Shoots.Single());

        Assert.Equal((0, 4, 4), (result.SentCount, result.EditedCount, result.BilledCount));
        Assert.Equal(4, emulator.Server.TotalBilledPhotos);
        Assert.Equal(2, new ImagenRunStore(Runs).RunsOf(result.ShootId!).Count);
    }

    [Fact]
    public void AStoreSeesRecordsAnotherProcessCreatedChangedOrRemoved()
    {
        Directory.CreateDirectory(Runs);
        var otherPath = Path.Combine(_folder.Path, "runs-link");
        Directory.CreateSymbolicLink(otherPath, Runs);
        var other = new ImagenRunStore(otherPath);
        var photo = _folder.WriteText("Shoots/Smith/IMG_0001.CR2", "raw");
        var shoot = other.CreateShoot(Shoot, ShootFolder.IdentityOf(Shoot), "RAW");
        var first = other.Create("key", shoot.ShootId, [ImagenRunFile.FromDisk(photo)], new Dictionary<string, string>(), "Smith", export: false);

        var store = new ImagenRunStore(Runs);
        Assert.Equal([first.RunId], store.RunsOf(shoot.ShootId).Select(r => r.RunId));
        Assert.Equal(Shoot, store.FindShoot(shoot.ShootId)!.Folder);

        // The other process moves the shoot, starts a second project of it and drops the first.
        var moved = Path.Combine(_folder.Path, "Shoots", "Smith moved");
        Directory.CreateDirectory(moved);
        var changed = new ImagenRunStore(otherPath).FindShoot(shoot.ShootId)!;
        changed.SeenAt(moved, ShootFolder.IdentityOf(moved));
        changed.Save();
        var second = other.Create("key", shoot.ShootId, [ImagenRunFile.FromDisk(photo)], new Dictionary<string, string>(), "Smith 2", export: false);
        other.Remove(first);

        Assert.Equal(moved, store.FindShoot(shoot.ShootId)!.Folder);
        Assert.Equal(shoot.ShootId, store.FindShoot(moved, ShootFolder.IdentityOf(moved), "RAW", [])!.ShootId);
        Assert.Equal([second.RunId], store.List().Select(r => r.RunId));
        store.Refresh();
        Assert.Equal([second.RunId], store.RunsOf(shoot.ShootId).Select(r => r.RunId));
    }
}
