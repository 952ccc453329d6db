using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

/// <summary>The run record: what a kill at any instant leaves, the lock between runs, and where records live.</summary>
[Collection(nameof(RunStoreTests))]
public class RunStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose()
    {
        ImagenRunStore.BeforeRenameHook = null;
        _folder.Dispose();
    }

    private string StoreFolder => Path.Combine(_folder.Path, "runs");

    private ImagenRunRecord NewRun(ImagenRunStore store, int files = 3)
    {
        var paths = Enumerable.Range(1, files).Select(i => _folder.WriteText($"shoot/IMG_{i:0000}.CR2", "raw " + i)).ToList();
        return store.Create(ImagenRunStore.ShootKeyFor(paths), paths.Select(ImagenRunFile.FromDisk), new Dictionary<string, string> { ["profileKey"] = "5700" }, "Smith", export: true);
    }

    /// <summary>A second process reads what is on disk: a fresh load that does not share this process's instances.</summary>
    private ImagenRunRecord Reload(ImagenRunRecord record) => ImagenRunRecord.Load(record.Folder)!;

    [Fact]
    public void AStopSaysBilledOnlyWhenTheEditWasTakenOrMayHaveBeen()
    {
        var run = NewRun(new ImagenRunStore(StoreFolder));
        run.ProjectCreating("Smith");
        run.ProjectCreated("p-1", "Smith");
        Assert.Null(ImagenEditWorkflow.StopAdvice(run));

        run.Transition(ImagenRunState.EditRequested);
        var refused = new ImagenApiException("Imagen API error 400 (Bad Request) on POST /projects/p-1/edit: bad profile.", 400, "bad profile", ImagenErrorIds.RequestRejected);
        Assert.Null(ImagenEditWorkflow.StopAdvice(run, refused)); // refused outright: nothing was billed
        Assert.Contains("may already be billed", ImagenEditWorkflow.StopAdvice(run, new ImagenConnectionException("The connection was reset.")));
        Assert.Contains("may already be billed", ImagenEditWorkflow.StopAdvice(run)); // Ctrl+C while /edit is unanswered

        run.Transition(ImagenRunState.EditAccepted);
        Assert.Contains("p-1", ImagenEditWorkflow.StopAdvice(run, refused));
        Assert.Contains("is billed", ImagenEditWorkflow.StopAdvice(run, refused));
    }

    [Fact]
    public void EveryStepSurvivesAReload()
    {
        var store = new ImagenRunStore(StoreFolder);
        var run = NewRun(store);
        run.ProjectCreating("Smith");
        run.ProjectCreated("p-1", "Smith");
        run.FileHashed("IMG_0001.CR2", "md5-1");
        run.FileUploaded("IMG_0001.CR2");
        run.Transition(ImagenRunState.EditRequested);
        var output = Path.Combine(_folder.Path, "shoot", "IMG_0001.xmp");
        run.OutputSaved(ImagenJobKind.Edit, "IMG_0001.xmp", output, 12, "ab");

        var loaded = Reload(run);
        Assert.Equal("p-1", loaded.ProjectId);
        Assert.Equal(ImagenRunState.EditRequested, loaded.State);
        Assert.Equal(ImagenRunStatus.Pending, loaded.Status);
        Assert.Equal("md5-1", loaded.FindFile("IMG_0001.CR2")!.Md5);
        Assert.True(loaded.FindFile("IMG_0001.CR2")!.Uploaded);
        Assert.False(loaded.FindFile("IMG_0002.CR2")!.Uploaded);
        Assert.Equal(12, loaded.FindOutput(output)!.Length);
        Assert.Equal(3, loaded.Originals.Count);
        Assert.Equal(Path.Combine(_folder.Path, "shoot", "IMG_0002.CR2"), loaded.Originals["img_0002.cr2"]);
    }

    [Fact]
    public void PerFileEventsAppendWithoutRewritingTheSnapshot()
    {
        var store = new ImagenRunStore(StoreFolder);
        var run = NewRun(store);
        run.ProjectCreated("p-1", "Smith");
        var snapshot = Path.Combine(run.Folder, "run.json");
        var before = File.ReadAllBytes(snapshot);
        run.FileUploaded("IMG_0001.CR2");
        run.FileUploaded("IMG_0002.CR2");
        Assert.Equal(before, File.ReadAllBytes(snapshot));
        Assert.Equal(2, Reload(run).UploadedCount);

        // A transition folds the log into the snapshot and starts an empty one.
        run.Transition(ImagenRunState.EditRequested);
        Assert.DoesNotContain(Directory.GetFiles(run.Folder, "events-*.jsonl"), f => new FileInfo(f).Length > 0);
        Assert.Contains("\"uploaded\": true", File.ReadAllText(snapshot));
        Assert.Equal(2, Reload(run).UploadedCount);
    }

    [Fact]
    public void ATornLastLineIsIgnoredAndTheNextEventStillCounts()
    {
        var store = new ImagenRunStore(StoreFolder);
        var run = NewRun(store);
        run.ProjectCreated("p-1", "Smith");
        run.FileUploaded("IMG_0001.CR2");
        var log = Directory.GetFiles(run.Folder, "events-*.jsonl").Single();

        // A kill in the middle of the second append.
        File.AppendAllText(log, "{\"e\":\"uploaded\",\"na");
        var afterKill = Reload(run);
        Assert.Equal(1, afterKill.UploadedCount);
        Assert.False(afterKill.FindFile("IMG_0002.CR2")!.Uploaded);

        // The next run appends after the torn fragment, not onto it.
        afterKill.FileUploaded("IMG_0003.CR2");
        var next = Reload(afterKill);
        Assert.True(next.FindFile("IMG_0001.CR2")!.Uploaded);
        Assert.False(next.FindFile("IMG_0002.CR2")!.Uploaded);
        Assert.True(next.FindFile("IMG_0003.CR2")!.Uploaded);
    }

    [Fact]
    public void AKillBetweenTheTemporaryWriteAndTheRenameLeavesTheOldSnapshot()
    {
        var store = new ImagenRunStore(StoreFolder);
        var run = NewRun(store);
        run.ProjectCreated("p-1", "Smith");
        string? leftBehind = null;

        // "Kill" the writer after the flushed temporary file exists but before the rename: keep a copy of what a
        // killed process would leave, and stop the write there.
        ImagenRunStore.BeforeRenameHook = temp =>
        {
            leftBehind = temp + ".killed" + ".tmp";
            File.Copy(temp, leftBehind);
            throw new IOException("killed");
        };
        Assert.Throws<IOException>(() => run.Transition(ImagenRunState.EditRequested));
        ImagenRunStore.BeforeRenameHook = null;

        Assert.True(File.Exists(leftBehind));
        var loaded = Reload(run);
        Assert.Equal(ImagenRunState.ProjectCreated, loaded.State);
        Assert.Equal("p-1", loaded.ProjectId);
        Assert.Contains(new ImagenRunStore(StoreFolder).List(), r => r.RunId == run.RunId);
    }

    [Fact]
    public void ARecordWithoutAReadableSnapshotIsSkipped()
    {
        var store = new ImagenRunStore(StoreFolder);
        var good = NewRun(store);
        Directory.CreateDirectory(Path.Combine(StoreFolder, "20260101-000000-deadbeef"));
        File.WriteAllText(Path.Combine(StoreFolder, "20260101-000000-deadbeef", "run.json"), "{\"version\":1,");
        Assert.Equal(new[] { good.RunId }, new ImagenRunStore(StoreFolder).List().Select(r => r.RunId));
    }

    [Fact]
    public async Task ASecondRunOnTheSameShootStopsNamingTheFirst()
    {
        var store = new ImagenRunStore(StoreFolder);
        using (await store.LockAsync("shoot-abc", "run 1 (project p-1)", TimeSpan.Zero))
        {
            Assert.True(store.IsLocked("shoot-abc"));
            var error = await Assert.ThrowsAsync<ImagenException>(() => new ImagenRunStore(StoreFolder).LockAsync("shoot-abc", "run 2", TimeSpan.FromMilliseconds(600)));
            Assert.Equal(ImagenErrorIds.RunInProgress, error.ErrorId);
            Assert.Contains("run 1 (project p-1)", error.Message);

            // Another shoot is not blocked.
            using (await store.LockAsync("shoot-other", "run 3", TimeSpan.Zero))
            {
            }
        }

        Assert.False(store.IsLocked("shoot-abc"));
        using (await store.LockAsync("shoot-abc", "run 2", TimeSpan.Zero))
        {
        }
    }

    [Fact]
    public async Task ALockedRunIsNotRemoved()
    {
        var store = new ImagenRunStore(StoreFolder);
        var folder = Path.Combine(_folder.Path, "shoot");
        var identity = ShootFolder.IdentityOf(_folder.WriteText("shoot/IMG_0001.CR2", "raw") is var photo ? Path.GetDirectoryName(photo)! : folder);
        var shoot = store.CreateShoot(folder, identity, "RAW");
        var run = store.Create("key", shoot.ShootId, new[] { ImagenRunFile.FromDisk(Path.Combine(folder, "IMG_0001.CR2")) }, new Dictionary<string, string>(), "Smith", export: false);
        using (await store.LockAsync(identity, "run", TimeSpan.Zero))
        {
            var error = Assert.Throws<ImagenException>(() => store.Remove(run));
            Assert.Equal(ImagenErrorIds.RunInProgress, error.ErrorId);
            Assert.True(Directory.Exists(run.Folder));
        }

        store.Remove(run);
        Assert.False(Directory.Exists(run.Folder));
        Assert.Empty(store.List());
    }

    [Fact]
    public async Task TheLockIsTheFoldersNotThePathsSoABindMountOrLinkMeetsTheSameLock()
    {
        var store = new ImagenRunStore(StoreFolder);
        var real = Path.GetDirectoryName(_folder.WriteText("real/Smith/IMG_0001.CR2", "raw"))!;
        var link = Path.Combine(_folder.Path, "link-to-Smith");
        Directory.CreateSymbolicLink(link, real);
        Assert.Equal(ShootFolder.IdentityOf(real), ShootFolder.IdentityOf(link));
        Assert.StartsWith("fs-", ShootFolder.IdentityOf(real));
        Assert.NotEqual(ShootFolder.IdentityOf(real), ShootFolder.IdentityOf(_folder.Path));

        using (await store.LockAsync(ShootFolder.IdentityOf(real), "the first run", TimeSpan.Zero))
        {
            var other = await Assert.ThrowsAsync<ImagenException>(() => store.LockAsync(ShootFolder.IdentityOf(link), "the second run", TimeSpan.FromMilliseconds(300)));
            Assert.Equal(ImagenErrorIds.RunInProgress, other.ErrorId);
            Assert.Contains("the first run", other.Message);
        }
    }

    [Fact]
    public void FindByProjectGivesTheNewestAndForProjectCreatesASaveOnlyRecord()
    {
        var store = new ImagenRunStore(StoreFolder);
        var older = NewRun(store);
        older.ProjectCreated("p-1", "Smith");
        var newer = NewRun(store);
        newer.ProjectCreated("p-1", "Smith");
        Assert.Equal(newer.RunId, store.FindByProject("p-1")!.RunId);
        Assert.Same(newer, store.ForProject("p-1", null));

        var original = _folder.WriteText("elsewhere/A.DNG", "dng");
        var saveOnly = store.ForProject("p-2", new Dictionary<string, string> { ["A.DNG"] = original });
        Assert.Equal(ImagenRunState.SaveOnly, saveOnly.State);
        Assert.Equal(ImagenRunStatus.Finished, saveOnly.Status);
        Assert.False(saveOnly.Billed);
        Assert.Equal(original, Reload(saveOnly).Originals["A.DNG"]);
        Assert.Equal(saveOnly.RunId, store.FindByProject("p-2")!.RunId);
    }

    [Fact]
    public async Task OutputsSavedConcurrentlyAreAllKept()
    {
        var store = new ImagenRunStore(StoreFolder);
        var run = NewRun(store);
        run.ProjectCreated("p-1", "Smith");
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() =>
            run.OutputSaved(ImagenJobKind.Export, $"IMG_{i}.jpg", Path.Combine(_folder.Path, "out", $"IMG_{i}.jpg"), i, "h" + i))));
        Assert.Equal(200, Reload(run).Outputs.Count);
        run.Transition(ImagenRunState.ExportDone);
        Assert.Equal(200, Reload(run).Outputs.Count);
    }

    [Fact]
    public void AnotherProcessesWritesAreSeenByTheNextLoad()
    {
        var store = new ImagenRunStore(StoreFolder);
        var run = NewRun(store);
        run.ProjectCreated("p-1", "Smith");
        Assert.Same(run, store.FindByProject("p-1"));

        // A second process (a separate instance) moves the run on.
        var other = Reload(run);
        other.Transition(ImagenRunState.EditAccepted);
        Assert.Equal(ImagenRunState.EditAccepted, store.FindByProject("p-1")!.State);
    }

    [Fact]
    public void TheLocationIsTheParameterThenTheVariableThenLocalAppData()
    {
        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        Assert.Equal(Path.Combine(local, "Imagen", "Runs"), ImagenRunStore.DefaultDirectory);

        // The test assembly sets IMAGEN_RUN_PATH (RunStoreIsolation): a store without a folder uses it.
        var fromVariable = Environment.GetEnvironmentVariable(ImagenRunStore.PathVariable);
        Assert.False(string.IsNullOrEmpty(fromVariable));
        Assert.Equal(Path.GetFullPath(fromVariable!), new ImagenRunStore().Directory);
        Assert.Equal(StoreFolder, new ImagenRunStore(StoreFolder).Directory);
        var run = NewRun(new ImagenRunStore(StoreFolder));
        Assert.StartsWith(StoreFolder, run.Folder);
        Assert.DoesNotContain(_folder.Path, new ImagenRunStore().Directory);
    }

    [Fact]
    public void TheShootKeyIgnoresOrder()
    {
        Assert.Equal(ImagenRunStore.ShootKeyFor(new[] { "/a/1.cr2", "/a/2.cr2" }), ImagenRunStore.ShootKeyFor(new[] { "/a/2.cr2", "/a/1.cr2" }));
        Assert.NotEqual(ImagenRunStore.ShootKeyFor(new[] { "/a/1.cr2" }), ImagenRunStore.ShootKeyFor(new[] { "/a/1.cr2", "/a/2.cr2" }));
    }
}
