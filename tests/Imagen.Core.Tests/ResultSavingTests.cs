using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Imagen.Core.Tests;

/// <summary>
/// Issue 7 points 5 and 6 on the download side: links that expire during a long save are replaced as often as
/// needed (and a link refused for another reason is not retried forever); existing files are never lost; identical
/// results count as saved; only files the run record shows Imagen wrote can be replaced; originals never; temporaries
/// an interrupted save left are removed.
/// </summary>
public class ResultSavingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(ImagenEditResult Result, IReadOnlyList<ImagenDownloadLink> Links)> EditAsync(EmulatorHarness emulator, int count, string kind = "raw")
    {
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Smith"), count, kind, seed: 11);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = files.ToList(), ProfileKey = 5700, PollInterval = TimeSpan.FromMilliseconds(30) });
        return (result, await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId));
    }

    private ImagenRunStore Store() => new(Path.Combine(_folder.Path, "runs"));

    [Fact]
    public async Task ASaveLastingSeveralLinkLifetimesDeliversEveryFile()
    {
        // 2 s links; each download waits 0.5 s at storage, one at a time: the save lasts more than three lifetimes.
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { LinkLifetimeSeconds = 2 });
        var (_, links) = await EditAsync(emulator, 12);
        await emulator.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"latency\",\"latencyMilliseconds\":500}]");

        var summary = await emulator.Client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "long"), throttleLimit: 1);

        Assert.Equal(12, summary.Downloaded);
        var journal = await emulator.JournalAsync();
        Assert.True(journal.Count(e => e.Route() == "storage.get" && e.Status() == 403) >= 2, "links expired more than once during the save");
        Assert.True(journal.Count(e => e.Route() == "edit.links") >= 3, "the links were requested again after each expiry, not just once");
        Assert.Contains(emulator.Log.Lines, l => l.Contains("links requested again"));
    }

    [Fact]
    public async Task ALinkRefusedForAnotherReasonFailsItsFileAfterThreeFreshLinks()
    {
        // A storage that refuses every link (say, a clock far off): each refusal fetches fresh links, three in a row fail the file.
        var linkRequests = 0;
        var storageRequests = 0;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/v1/projects/p1/edit/get_temporary_download_links", (HttpRequest request) =>
        {
            Interlocked.Increment(ref linkRequests);
            var root = $"{request.Scheme}://{request.Host}";
            return Results.Json(new { data = new { files_list = new[] { new { file_name = "IMG_0001.xmp", download_link = root + "/s3/IMG_0001.xmp?sig=" + linkRequests } } } });
        });
        app.MapGet("/s3/{name}", () =>
        {
            Interlocked.Increment(ref storageRequests);
            return Results.Content("<Error><Code>AccessDenied</Code><Message>RequestTimeTooSkewed</Message></Error>", "application/xml", statusCode: 403);
        });
        await app.StartAsync();
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri(app.Urls.First() + "/v1"), ImagenApiKey.FromPlainText("ik_test_3e1f0a9b7c5d4e2f")), EmulatorHarness.FastOptions());

        var links = await client.GetEditDownloadLinksAsync("p1");
        var summary = await client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "refused"));

        var failed = Assert.Single(summary.Results);
        Assert.Equal(ImagenDownloadStatus.Failed, failed.Status);
        Assert.Contains("refused 3 fresh links in a row", failed.Message);
        Assert.Equal(4, storageRequests);
        Assert.Equal(4, linkRequests);
    }

    [Fact]
    public async Task AnExistingFileIsNeverReplacedUnlessImagenWroteItAndIdenticalResultsCountAsSaved()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var (result, links) = await EditAsync(emulator, 3);
        var output = Path.Combine(_folder.Path, "out");
        Directory.CreateDirectory(output);
        var foreign = Path.Combine(output, links[0].FileName);
        File.WriteAllText(foreign, "mine");

        // Without a record: the foreign file stays, with or without overwrite; the others are downloaded.
        var first = await emulator.Client.DownloadFilesAsync(links, output, overwrite: true);
        Assert.Equal(ImagenDownloadStatus.Skipped, first.Results[0].Status);
        Assert.Contains("never replaced", first.Results[0].Message);
        Assert.Equal("mine", File.ReadAllText(foreign));
        Assert.Equal(2, first.Downloaded);

        // Again: the downloaded files are identical, so they count as saved (no error), the foreign one is still kept.
        var again = await emulator.Client.DownloadFilesAsync(links, output);
        Assert.Equal(new[] { ImagenDownloadStatus.Skipped, ImagenDownloadStatus.Unchanged, ImagenDownloadStatus.Unchanged }, again.Results.Select(r => r.Status));
        Assert.All(again.Results.Skip(1), r => Assert.Null(r.ErrorId));

        // With a run record: what the save writes is recorded; a later save finds it unchanged without downloading.
        var record = Store().ForProject(result.ProjectId, result.Files);
        var ledger = new ImagenOutputLedger(record);
        var recorded = Path.Combine(_folder.Path, "recorded");
        var saved = await emulator.Client.DownloadFilesAsync(links, recorded, ledger: ledger);
        Assert.Equal(3, saved.Downloaded);
        Assert.Equal(3, record.Outputs.Count);
        var getsBefore = (await emulator.JournalAsync()).Count(e => e.Route() == "storage.get");
        var resaved = await emulator.Client.DownloadFilesAsync(links, recorded, ledger: new ImagenOutputLedger(Store().FindByProject(result.ProjectId)));
        Assert.Equal(3, resaved.Unchanged);
        Assert.Equal(getsBefore, (await emulator.JournalAsync()).Count(e => e.Route() == "storage.get"));

        // An earlier result Imagen recorded (another project's, unchanged since) is replaced only with overwrite; once
        // the user edits it, never.
        var earlier = Path.Combine(recorded, links[1].FileName);
        File.WriteAllText(earlier, "an earlier result");
        var earlierRun = Store().ForProject("0123456789abcdef01234567", null);
        earlierRun.OutputSaved(ImagenJobKind.Edit, links[1].FileName, earlier, new FileInfo(earlier).Length, Sha256Of(earlier));
        ledger = new ImagenOutputLedger(record, otherRecords: Store().List());
        var kept = await emulator.Client.DownloadFilesAsync(links, recorded, ledger: ledger);
        Assert.Equal(ImagenDownloadStatus.Skipped, kept.Results[1].Status);
        Assert.Contains("use -Force", kept.Results[1].Message);
        var replaced = await emulator.Client.DownloadFilesAsync(links, recorded, overwrite: true, ledger: ledger);
        Assert.Equal(ImagenDownloadStatus.Downloaded, replaced.Results[1].Status);
        Assert.Equal(Sha256Of(Path.Combine(output, links[1].FileName)), Sha256Of(earlier));

        File.WriteAllText(earlier, "edited by the photographer");
        var touched = await emulator.Client.DownloadFilesAsync(links, recorded, overwrite: true, ledger: ledger);
        Assert.Equal(ImagenDownloadStatus.Skipped, touched.Results[1].Status);
        Assert.Equal("edited by the photographer", File.ReadAllText(earlier));
    }

    [Fact]
    public async Task AnOriginalIsNeverATargetNotEvenWithOverwrite()
    {
        // A DNG shoot: the edited DNGs have the originals' own names. Saving them into the shoot folder must not touch one.
        await using var emulator = await EmulatorHarness.StartAsync();
        var files = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "Dng"), 12, "raw", seed: 5).Where(f => f.EndsWith(".dng", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.Equal(4, files.Count);
        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = files, ProfileKey = 5700, PollInterval = TimeSpan.FromMilliseconds(30) });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        var before = files.ToDictionary(f => f, Sha256Of);
        var shootFolder = Path.GetDirectoryName(files[0])!;

        var withRecord = await emulator.Client.DownloadFilesAsync(links, shootFolder, overwrite: true, ledger: new ImagenOutputLedger(Store().ForProject(result.ProjectId, result.Files)));
        Assert.All(withRecord.Results, r => Assert.Equal("ImagenOriginalProtected", r.ErrorId));

        var withoutRecord = await emulator.Client.DownloadFilesAsync(links, shootFolder, overwrite: true);
        Assert.All(withoutRecord.Results, r => Assert.Equal(ImagenDownloadStatus.Skipped, r.Status));

        Assert.All(files, f => Assert.Equal(before[f], Sha256Of(f)));
        Assert.Empty(Directory.GetFiles(shootFolder, "*.imagen-partial"));

        // Placed by default with no record and no originals, the shoot folder is recognised and refused as a whole.
        var refused = Assert.Throws<ImagenException>(() => ImagenResultDownloadPlan.ForLinks(links, new ImagenResultDownloadRequest { ProjectId = result.ProjectId, FallbackFolder = shootFolder }));
        Assert.Equal("ImagenOriginalsFolder", refused.ErrorId);
        Assert.Contains(Path.GetFileName(files[0]), refused.Message);
    }

    [Fact]
    public async Task TemporariesAnInterruptedSaveLeftAreRemovedButNoOtherFile()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var (_, links) = await EditAsync(emulator, 2);
        var output = Path.Combine(_folder.Path, "out");
        Directory.CreateDirectory(output);
        var name = links[0].FileName;
        var stale = _folder.WriteText(Path.Combine("out", "." + name + ".0a1b2c3d.imagen-partial"), "half");
        var live = _folder.WriteText(Path.Combine("out", "." + links[1].FileName + ".9f8e7d6c.imagen-partial"), "being written");
        var others = new[]
        {
            _folder.WriteText(Path.Combine("out", ".other.jpg.0a1b2c3d.imagen-partial"), "not this save's"),
            _folder.WriteText(Path.Combine("out", "." + name + ".notahex!.imagen-partial"), "not our pattern"),
            _folder.WriteText(Path.Combine("out", name + ".0a1b2c3d.imagen-partial"), "not hidden: not ours"),
        };

        // A save still writing holds its temporary exclusively; that one must survive.
        using (new FileStream(live, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var summary = await emulator.Client.DownloadFilesAsync(links, output);
            Assert.Equal(2, summary.Downloaded);
            Assert.True(File.Exists(live));
        }

        Assert.False(File.Exists(stale));
        Assert.All(others, f => Assert.True(File.Exists(f), f));
    }

    private static string Sha256Of(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();
}
