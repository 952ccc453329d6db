using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>The whole editing workflow over real HTTP against the emulator, asserting on its journal and billing.</summary>
public class WorkflowOverHttpTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IReadOnlyList<string> Shoot(string kind, int count = 3, string subfolder = "Smith") =>
        SampleShootGenerator.Generate(Path.Combine(_folder.Path, subfolder), count, kind, seed: 7);

    private static async Task<ImagenProfile> JpgProfileAsync(ImagenClient client) =>
        (await client.GetProfilesAsync()).First(p => p.ImageType == "JPG");

    [Fact]
    public async Task RawShootIsEditedAndSidecarsLandBesideTheOriginals()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Shoot("raw");
        var progress = new List<ImagenWorkflowProgress>();
        var workflow = new ImagenEditWorkflow(emulator.Client);

        var result = await workflow.RunAsync(
            new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = files.ToList(), ProfileKey = 5700, PollInterval = TimeSpan.FromMilliseconds(30), Options = new ImagenEditOptions { PhotographyType = ImagenPhotographyType.WEDDING, Crop = true, SmoothSkin = true } },
            new SynchronousRecorder<ImagenWorkflowProgress>(progress));

        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(3, result.UploadedCount);
        Assert.Equal(0, result.FailedCount);
        Assert.Matches(@"^Smith \(3 photos, [0-9a-f]{10}\)$", result.ProjectName);
        Assert.Equal(("Smith", 3, 3, 0, 3), (result.Shoot, result.PhotoCount, result.EditedCount, result.PendingCount, result.BilledCount));
        Assert.Equal(files.OrderBy(f => f), result.Files.Values.OrderBy(f => f));
        Assert.IsType<Dictionary<string, string>>(result.Files);
        Assert.Contains(progress, p => p.Stage == ImagenWorkflowStage.Uploading && p.Transfer!.TransferredBytes > 0);
        Assert.Equal(ImagenWorkflowStage.Completed, progress[^1].Stage);
        Assert.Equal(1, await emulator.BillableEditsAsync(result.ProjectId));

        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        var downloads = await emulator.Client.DownloadFilesAsync(links, link => ImagenResultLayout.FolderFor(link, result.Files));
        Assert.Equal(links.Count, downloads.Downloaded);
        foreach (var original in files.Where(f => !f.EndsWith(".dng", StringComparison.OrdinalIgnoreCase)))
        {
            var sidecar = Path.ChangeExtension(original, ".xmp");
            Assert.True(File.Exists(sidecar), sidecar);
            Assert.Contains("x:xmpmeta", File.ReadAllText(sidecar));
        }

        Assert.Empty(Directory.GetFiles(_folder.Path, "*.imagen-partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task JpegShootWithExportYieldsDecodableJpegs()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = Shoot("jpeg", 2);
        var profile = await JpgProfileAsync(emulator.Client);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = files.ToList(), Profile = profile, Export = true });

        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(ImagenJobState.Completed, result.ExportState);
        var links = await emulator.Client.GetExportDownloadLinksAsync(result.ProjectId);
        Assert.Equal(2, links.Count);
        var output = Path.Combine(_folder.Path, "out");
        var summary = await emulator.Client.DownloadFilesAsync(links, output);
        Assert.Equal(2, summary.Downloaded);
        foreach (var item in summary.Results)
        {
            var bytes = File.ReadAllBytes(item.Path!);
            Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, bytes.Take(3));
            Assert.Equal(bytes.Length, item.Length);
        }
    }

    [Fact]
    public async Task StrictModePassesAndTheWireIsAsTheContractSays()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Strict = true });
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 2).ToList(), ProfileKey = 5700 });
        Assert.Equal(ImagenJobState.Completed, result.EditState);

        var journal = await emulator.JournalAsync();
        var edit = Assert.Single(journal, e => e.Route() == "edit");
        Assert.Equal(string.Empty, edit.Header("Content-Type"));
        var puts = journal.Where(e => e.Route() == "storage.put").ToList();
        Assert.Equal(2, puts.Count);
        Assert.All(puts, put =>
        {
            Assert.Null(put.Header("x-api-key"));
            Assert.Equal(string.Empty, put.Header("Content-Type"));
            Assert.False(string.IsNullOrEmpty(put.Header("Content-MD5")));
            Assert.Equal(200, put.Status());
        });
        Assert.All(journal.Where(e => e.Route() != "storage.put" && e.Route() != "storage.get"), e => Assert.Equal("***", e.Header("x-api-key")));
        Assert.All(journal, e => Assert.StartsWith("Imagen-PowerShell/", e.Header("User-Agent")));
    }

    [Fact]
    public async Task RetriesThrough429And503EndWithExactlyOneBillableEdit()
    {
        var faults = new List<FaultRule>
        {
            new() { Route = "projects.create", Kind = "503", Times = 1, RetryAfterSeconds = 0 },
            new() { Route = "upload-links", Kind = "429", Times = 1, RetryAfterSeconds = 1 },
            new() { Route = "storage.put", Kind = "503", Times = 2, RetryAfterSeconds = 0 },
            new() { Route = "edit", Kind = "503", Times = 1, RetryAfterSeconds = 0 },
            new() { Route = "edit", Kind = "429", Times = 1, RetryAfterSeconds = 0 },
            new() { Route = "edit.status", Kind = "503", Times = 2, RetryAfterSeconds = 0 },
            new() { Route = "export", Kind = "503", Times = 1, RetryAfterSeconds = 0 },
            new() { Route = "export.status", Kind = "429", Times = 1, RetryAfterSeconds = 0 },
        };
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = faults });
        var profile = await JpgProfileAsync(emulator.Client);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("jpeg", 3).ToList(), Profile = profile, Export = true });

        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(ImagenJobState.Completed, result.ExportState);
        Assert.Equal(3, result.UploadedCount);
        Assert.Equal(1, await emulator.BillableEditsAsync(result.ProjectId));
        Assert.Equal(1, await emulator.TotalBillableEditsAsync());
        var journal = await emulator.JournalAsync();
        Assert.Single(journal, e => e.Route() == "projects.create" && e.Status() == 200);
        Assert.Contains(emulator.Log.Lines, l => l.Contains("reading the status before deciding"));
    }

    [Fact]
    public async Task AnEditWhoseAnswerWasLostIsNotSentAgain()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "edit", Kind = "drop", Times = 1 }] });
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 2).ToList(), ProfileKey = 5700 });

        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal(1, await emulator.BillableEditsAsync(result.ProjectId));
        Assert.Single(await emulator.JournalAsync(), e => e.Route() == "edit");
        Assert.Contains(emulator.Log.Lines, l => l.Contains("not sending it again"));
    }

    [Fact]
    public async Task ACreateWhoseAnswerWasLostFindsTheProjectByName()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "projects.create", Kind = "drop", Times = 1 }] });
        var project = await emulator.Client.CreateProjectAsync("Lost_Answer");
        Assert.Equal(project.ProjectId, await emulator.Client.GetProjectIdByNameAsync("Lost_Answer"));
        var journal = await emulator.JournalAsync();
        Assert.Single(journal, e => e.Route() == "projects.create");
        Assert.Contains(journal, e => e.Route() == "projects.uuid");
    }

    [Fact]
    public async Task ExpiredUploadLinksAreReplaced()
    {
        var options = new EmulatorOptions
        {
            LinkLifetimeSeconds = 1,
            Faults = [new FaultRule { Route = "storage.put", Kind = "latency", LatencyMilliseconds = 1500, Times = 1 }],
        };
        await using var emulator = await EmulatorHarness.StartAsync(options);
        var project = await emulator.Client.CreateProjectAsync("Expiry");
        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, Shoot("raw", 1), throttleLimit: 1);

        Assert.Equal(1, summary.Succeeded);
        var journal = await emulator.JournalAsync();
        Assert.Equal(new[] { 403, 200 }, journal.Where(e => e.Route() == "storage.put").Select(e => e.Status()));
        Assert.Equal(2, journal.Count(e => e.Route() == "upload-links"));
    }

    [Fact]
    public async Task AHighThrottleOnASlowStorageCausesNoFalseIdleTimeouts()
    {
        // Every PUT waits 1 s on the server; the idle limit is 2.5 s. Forty transfers at once fit comfortably when
        // each has its own connection; queued behind a small connection pool, the later ones would sit out their
        // idle time before sending a byte and be retried as "no data moved".
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = "latency", LatencyMilliseconds = 1000 }] };
        var clientOptions = EmulatorHarness.FastOptions();
        clientOptions.ThrottleLimit = 2;
        clientOptions.TransferIdleTimeout = TimeSpan.FromSeconds(2.5);
        await using var emulator = await EmulatorHarness.StartAsync(options, clientOptions);
        var project = await emulator.Client.CreateProjectAsync("Wide");

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, Shoot("jpeg", 40), throttleLimit: 40);

        Assert.Equal(40, summary.Succeeded);
        Assert.DoesNotContain("No data moved", emulator.Log.All);
        Assert.DoesNotContain("Retry", emulator.Log.All);
        var puts = (await emulator.JournalAsync()).Where(e => e.Route() == "storage.put").ToList();
        Assert.Equal(40, puts.Count);
        Assert.All(puts, put => Assert.Equal(200, put.Status()));
    }

    [Fact]
    public async Task OneFailingFileIsReportedByNameAndTheOthersGoOn()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = "500", Skip = 1 * 0, Times = 6 }] });
        var fast = EmulatorHarness.FastOptions();
        fast.MaxRetryAttempts = 1;
        fast.UploadRetryWindow = TimeSpan.Zero;
        using var client = emulator.CreateClient(emulator.Server.ApiKey, fast);
        var project = await client.CreateProjectAsync("Partial");
        var files = Shoot("raw", 4);

        // Two attempts per file, sequentially: the first three files meet the six faults, the fourth gets through.
        var summary = await client.UploadFilesAsync(project.ProjectId, files, throttleLimit: 1);

        Assert.Equal(3, summary.Failed);
        Assert.Equal(1, summary.Succeeded);
        Assert.All(summary.Failures, f => Assert.Contains(f.FileName, f.Error));
        Assert.Single(summary.UploadedFiles);
    }

    [Fact]
    public async Task WhenEveryUploadFailsTheEditIsNotStarted()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = "500" }] });
        var fast = EmulatorHarness.FastOptions();
        fast.MaxRetryAttempts = 1;
        using var client = emulator.CreateClient(emulator.Server.ApiKey, fast);

        var error = await Assert.ThrowsAsync<ImagenWorkflowException>(() => new ImagenEditWorkflow(client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 2).ToList(), ProfileKey = 5700 }));

        Assert.Equal("ImagenAllUploadsFailed", error.ErrorId);
        Assert.False(error.Result.EditStarted);
        Assert.Equal(2, error.Result.Failures.Count);
        Assert.DoesNotContain(await emulator.JournalAsync(), e => e.Route() == "edit");
    }

    [Fact]
    public async Task RefusedChecksCreateNothing()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var workflow = new ImagenEditWorkflow(emulator.Client);
        var jpegs = Shoot("jpeg", 2, "jpegs");

        var mismatch = await Assert.ThrowsAsync<ImagenValidationException>(() => workflow.RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = jpegs.ToList(), ProfileKey = 5700 }));
        Assert.Equal("ImagenFileTypeMismatch", mismatch.ErrorId);

        var conflict = await Assert.ThrowsAsync<ImagenValidationException>(() => workflow.RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 1).ToList(), ProfileKey = 5700, Options = new ImagenEditOptions { Crop = true, HeadshotCrop = true } }));
        Assert.Equal("ImagenConflictingEditOptions", conflict.ErrorId);

        // One name in two subfolders of a shoot taken with -Recurse: a project holds a name once, so one edit would be lost.
        Shoot("raw", 1, Path.Combine("Wedding", "Ceremony"));
        Shoot("raw", 1, Path.Combine("Wedding", "Reception"));
        var request = new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Folders = [Path.Combine(_folder.Path, "Wedding")], Recurse = true, ProfileKey = 5700 };
        var duplicate = await Assert.ThrowsAsync<ImagenValidationException>(() => workflow.RunAsync(request));
        Assert.Contains(duplicate.Problems, p => p.ErrorId == ImagenErrorIds.DuplicateFileName && p.Files.Count == 2);
        Assert.Contains(duplicate.Problems, p => p.ErrorId == ImagenErrorIds.ResultNamesCollide
            && p.Message.Contains(Path.Combine("Ceremony", "DSC_0001")) && p.Message.Contains(Path.Combine("Reception", "DSC_0001")));

        // Two camera bodies, one stem: DSC_0001.NEF and DSC_0001.CR2 would both give DSC_0001.xmp.
        var bodies = Path.Combine(_folder.Path, "TwoBodies");
        Directory.CreateDirectory(bodies);
        var nef = Shoot("raw", 1, "nef").Single();
        File.Copy(nef, Path.Combine(bodies, "DSC_0001.NEF"));
        File.Copy(nef, Path.Combine(bodies, "DSC_0001.CR2"));
        var stems = await Assert.ThrowsAsync<ImagenValidationException>(() => workflow.RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Folders = [bodies], ProfileKey = 5700, InspectContent = false }));
        var collision = Assert.Single(stems.Problems);
        Assert.Equal(ImagenErrorIds.ResultNamesCollide, collision.ErrorId);
        Assert.Contains("DSC_0001.CR2 and DSC_0001.NEF", collision.Message);
        Assert.Contains("DSC_0001.xmp", collision.Message);

        Assert.All(await emulator.JournalAsync(), e => Assert.Equal("profiles", e.Route()));
    }

    [Fact]
    public async Task ATamperedPathTraversalNameIsRefusedAndNothingIsWrittenOutside()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 2).ToList(), ProfileKey = 5700 });
        await emulator.SetFaultsAsync("[{\"route\":\"edit.links\",\"kind\":\"tamper-name\"}]");

        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        Assert.All(links, l => Assert.StartsWith("../", l.FileName));
        var inside = Path.Combine(_folder.Path, "inside");
        var summary = await emulator.Client.DownloadFilesAsync(links, inside);

        Assert.Equal(links.Count, summary.Failed);
        Assert.All(summary.Results, r => Assert.Equal("ImagenUnsafeFileName", r.ErrorId));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.xmp", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task ExistingFilesNotWrittenByImagenAreNeverReplaced()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 1).ToList(), ProfileKey = 5700 });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        var output = Path.Combine(_folder.Path, "out");
        Directory.CreateDirectory(output);
        var existing = Path.Combine(output, links[0].FileName);
        File.WriteAllText(existing, "mine");

        var skipped = await emulator.Client.DownloadFilesAsync(links, output);
        Assert.Equal(ImagenDownloadStatus.Skipped, skipped.Results[0].Status);
        Assert.Equal("ImagenFileExists", skipped.Results[0].ErrorId);
        Assert.Equal("mine", File.ReadAllText(existing));

        var forced = await emulator.Client.DownloadFilesAsync(links, output, overwrite: true);
        Assert.Equal(ImagenDownloadStatus.Skipped, forced.Results[0].Status);
        Assert.Equal("mine", File.ReadAllText(existing));
    }

    [Fact]
    public async Task CancellingADownloadLeavesNoPartialFile()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var profile = await JpgProfileAsync(emulator.Client);

        // A JPEG with 4 MB after its end marker: its edit output is as large, so the download spans many chunks.
        var sample = Shoot("jpeg", 1)[0];
        var large = Path.Combine(_folder.Path, "large", "LARGE_0001.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(large)!);
        File.WriteAllBytes(large, File.ReadAllBytes(sample).Concat(new byte[4 * 1024 * 1024]).ToArray());
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = new List<string> { large }, Profile = profile });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        var output = Path.Combine(_folder.Path, "cancelled");
        using var cancel = new CancellationTokenSource();
        long seen = 0;
        var progress = new SynchronousRecorder<ImagenTransferProgress>(p =>
        {
            if (p.TransferredBytes > 0 && p.CompletedFiles == 0)
            {
                seen = p.TransferredBytes;
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.Client.DownloadFilesAsync(links, output, progress: progress, cancellationToken: cancel.Token));

        Assert.True(seen > 0, "the download had started writing when it was cancelled");
        Assert.True(!Directory.Exists(output) || Directory.GetFiles(output).Length == 0, "no file, partial or complete, may remain");
    }

    [Fact]
    public async Task ProjectsCanBeListedFetchedAndResolvedByName()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var first = await emulator.Client.CreateProjectAsync("Alpha");
        var second = await emulator.Client.CreateProjectAsync();
        Assert.False(string.IsNullOrEmpty(second.ProjectId));

        var all = await emulator.Client.GetAllProjectsAsync();
        Assert.Contains(all, p => p.ProjectId == first.ProjectId && p.Name == "Alpha");
        Assert.Contains(all, p => p.ProjectId == second.ProjectId);
        Assert.Equal("Alpha", (await emulator.Client.GetProjectAsync(first.ProjectId)).Name);
        Assert.Equal(first.ProjectId, await emulator.Client.GetProjectIdByNameAsync("Alpha"));
        Assert.Null(await emulator.Client.GetProjectIdByNameAsync("No Such Project"));

        var duplicate = await Assert.ThrowsAsync<ImagenApiException>(() => emulator.Client.CreateProjectAsync("Alpha"));
        Assert.Contains("already exists", duplicate.ServerMessage);
    }

    [Fact]
    public async Task DownloadsAreRetriedThroughServerErrorsAndDroppedConnections()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 2).ToList(), ProfileKey = 5700 });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        await emulator.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"503\",\"times\":1,\"retryAfterSeconds\":0},{\"route\":\"storage.get\",\"kind\":\"drop\",\"times\":1}]");

        var summary = await emulator.Client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "retried"), throttleLimit: 1);

        Assert.Equal(2, summary.Downloaded);
        Assert.All(summary.Results, r => Assert.Equal(new FileInfo(r.Path!).Length, r.Length));
        Assert.True((await emulator.JournalAsync()).Count(e => e.Route() == "storage.get") >= 4);
        Assert.Contains(emulator.Log.Lines, l => l.Contains("Retry 1 of 5 for GET "));
    }

    [Fact]
    public async Task ExpiredDownloadLinksAreReplaced()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { LinkLifetimeSeconds = 1 });
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 1).ToList(), ProfileKey = 5700 });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId!);
        var linkCalls = (await emulator.JournalAsync()).Count(e => e.Route() == "edit.links");
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var summary = await emulator.Client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "expired"));

        Assert.Equal(1, summary.Downloaded);
        var journal = await emulator.JournalAsync();
        Assert.Equal(new[] { 403, 200 }, journal.Where(e => e.Route() == "storage.get").Select(e => e.Status()));
        Assert.Equal(linkCalls + 1, journal.Count(e => e.Route() == "edit.links"));
    }

    [Fact]
    public async Task WithoutWaitingTheEditIsSubmittedAndTheServiceChainsTheExport()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var profile = await JpgProfileAsync(emulator.Client);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("jpeg", 2).ToList(), Profile = profile, Export = true, Wait = false });

        Assert.True(result.EditStarted);
        Assert.NotEqual(ImagenJobState.Pending, result.EditState);
        Assert.Null(result.ExportStatus);
        var export = await emulator.Client.WaitForExportAsync(result.ProjectId, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.Equal(ImagenJobState.Completed, export.State);
        Assert.Single(await emulator.JournalAsync(), e => e.Route() == "edit");
        Assert.DoesNotContain(await emulator.JournalAsync(), e => e.Route() == "export");
    }

    [Fact]
    public async Task WithoutContentMd5NoDigestIsDeclaredOrSent()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Strict = true });
        var options = EmulatorHarness.FastOptions();
        options.UseContentMd5 = false;
        using var client = emulator.CreateClient(emulator.Server.ApiKey, options);
        var project = await client.CreateProjectAsync("NoMd5");
        var summary = await client.UploadFilesAsync(project.ProjectId, Shoot("raw", 2));

        Assert.Equal(2, summary.Succeeded);
        Assert.All(summary.Results, r => Assert.Null(r.Md5));
        Assert.All((await emulator.JournalAsync()).Where(e => e.Route() == "storage.put"), put => Assert.Null(put.Header("Content-MD5")));
    }

    [Fact]
    public async Task CancellingAnUploadStopsTheTransfer()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var project = await emulator.Client.CreateProjectAsync("Cancelled upload");
        var big = Path.Combine(_folder.Path, "big", "BIG_0001.dng");
        Directory.CreateDirectory(Path.GetDirectoryName(big)!);
        File.WriteAllBytes(big, new byte[32 * 1024 * 1024]);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousRecorder<ImagenTransferProgress>(p =>
        {
            if (p.Operation == "Upload" && p.TransferredBytes > 0)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.Client.UploadFilesAsync(project.ProjectId, new[] { big }, progress, cancellationToken: cancel.Token));

        // The server holds no uploaded file: an edit is refused (the journal cannot tell, it logs an aborted body's
        // declared length).
        var refused = await Assert.ThrowsAsync<ImagenApiException>(() => emulator.Client.StartEditAsync(project.ProjectId, 5700));
        Assert.Equal(400, refused.StatusCode);
    }

    [Fact]
    public async Task UpperCaseStatusesAreUnderstood()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { StatusCasing = "upper", Envelope = "bare", ErrorDialect = "error" });
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 1).ToList(), ProfileKey = 5700 });
        Assert.Equal(ImagenJobState.Completed, result.EditState);
        Assert.Equal("Completed", result.EditStatus);
        Assert.Equal(1, result.EditedCount);
    }

    [Fact]
    public async Task AFailedEditIsReportedWithTheServersDetailsAndItsPhotosAreFailed()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Faults = [new FaultRule { Route = "edit", Kind = "fail" }] });
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = Shoot("raw", 1).ToList(), ProfileKey = 5700 });
        Assert.Equal(ImagenJobState.Failed, result.EditState);
        Assert.Equal(ImagenRunState.EditFailed, result.Projects.Single().State);
        Assert.Equal(1, result.FailedCount);
        Assert.Contains("injected fault", result.PhotoFailures.Single().Reason);
        Assert.Equal(0, result.EditedCount);
    }

    [Fact]
    public async Task CancellationDuringTheWaitStopsPromptly()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { SecondsPerPhoto = 60 });
        var project = await emulator.Client.CreateProjectAsync("Slow");
        await emulator.Client.UploadFilesAsync(project.ProjectId, Shoot("raw", 1));
        await emulator.Client.StartEditAsync(project.ProjectId, 5700);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.Client.WaitForEditAsync(project.ProjectId, cancellationToken: cancel.Token));
    }
}
