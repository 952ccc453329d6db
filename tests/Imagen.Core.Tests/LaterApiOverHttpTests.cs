using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Samples;
using Microsoft.Extensions.DependencyInjection;

namespace Imagen.Core.Tests;

/// <summary>Smart Editing, multipart uploads and Copilot through ImagenClient over real HTTP (issue #9 points 2, 3, 5).</summary>
public class LaterApiOverHttpTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private IReadOnlyList<string> Jpegs(int count) =>
        SampleShootGenerator.Generate(Path.Combine(_folder.Path, "shoot"), count, "jpeg", seed: 11);

    private static ImagenClientOptions Multipart(long threshold = MiB)
    {
        var options = EmulatorHarness.FastOptions();
        options.MultipartThreshold = threshold;
        options.MultipartPartSize = 5 * MiB;
        options.ThrottleLimit = 3;
        return options;
    }

    /// <summary>A real JPEG padded past <paramref name="length"/> bytes (readers stop at its end marker).</summary>
    private string LargeJpeg(string name, int length)
    {
        var jpeg = File.ReadAllBytes(Jpegs(1)[0]);
        var bytes = new byte[length];
        jpeg.CopyTo(bytes, 0);
        new Random(5).NextBytes(bytes.AsSpan(jpeg.Length));
        return _folder.Write(name, bytes);
    }

    private static byte[] Stored(EmulatorServer server, string projectId, string fileName)
    {
        var project = server.Services.GetRequiredService<ProjectStore>().Find(projectId, ProjectFamily.SmartEdit)!;
        lock (project.Gate) return File.ReadAllBytes(project.Files[fileName].StoragePath);
    }

    [Fact]
    public async Task A_smart_edit_runs_to_finished_jpegs_billed_once()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var client = emulator.Client;
        var files = Jpegs(6);

        Assert.True(await client.TestSmartEditProjectNameAsync("Villa"));
        var project = await client.CreateSmartEditProjectAsync("Villa");
        Assert.False(await client.TestSmartEditProjectNameAsync("Villa"));
        var uploaded = await client.UploadSmartEditFilesAsync(project.ProjectId, files);
        var started = await client.StartSmartEditAsync(project.ProjectId, new ImagenSmartEditOptions { PerspectiveCorrection = true });
        var done = await client.WaitForSmartEditAsync(project.ProjectId, pollInterval: TimeSpan.FromMilliseconds(20));
        var links = await client.GetDownloadLinksAsync(project.ProjectId, ImagenJobKind.SmartEdit);
        var one = await client.GetSmartEditDownloadLinkAsync(project.ProjectId, links[0].FileName);
        var saved = await client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "out"));
        var listed = await client.GetSmartEditProjectsAsync();

        Assert.Equal(ImagenProjectSource.SmartEdit, project.Source);
        Assert.Equal(6, uploaded.Succeeded);
        Assert.NotEqual(ImagenJobState.Pending, started.State);
        Assert.Equal(ImagenJobState.Completed, done.State);
        Assert.Equal(ImagenJobKind.SmartEdit, done.Kind);
        Assert.Equal(6, links.Count);
        Assert.Equal(links[0].FileName, one.FileName);
        Assert.Equal(6, saved.Downloaded);
        Assert.All(saved.Results, r => Assert.Equal(0xFF, File.ReadAllBytes(r.Path!)[0]));
        Assert.Equal(project.ProjectId, Assert.Single(listed.Projects).ProjectId);
        Assert.Equal(1, emulator.Server.BillableEdits(project.ProjectId));
        Assert.Contains(emulator.Server.Journal, e => e.Route == "i2i.upload-links");
    }

    [Fact]
    public async Task A_large_file_goes_up_in_parts_and_is_assembled_byte_for_byte()
    {
        await using var emulator = await EmulatorHarness.StartAsync(clientOptions: Multipart());
        var small = Jpegs(2);
        var large = LargeJpeg("large.jpg", 2 * 5 * MiB + 4321);
        var project = await emulator.Client.CreateSmartEditProjectAsync();

        var summary = await emulator.Client.UploadSmartEditFilesAsync(project.ProjectId, [.. small, large]);

        Assert.Equal(3, summary.Succeeded);
        Assert.Equal(File.ReadAllBytes(large), Stored(emulator.Server, project.ProjectId, "large.jpg"));
        var journal = emulator.Server.Journal;
        Assert.Equal(3, journal.Count(e => e.Route == "storage.part"));
        Assert.Single(journal, e => e.Route == "i2i.multipart.complete");
        Assert.Equal(2, journal.Count(e => e.Route == "storage.put")); // the small files go up whole
        Assert.All(journal.Where(e => e.Route == "storage.part"), e => Assert.False(e.Headers.ContainsKey("x-api-key")));
    }

    [Fact]
    public async Task A_part_that_fails_once_is_retried_and_the_file_completes()
    {
        var faults = new EmulatorOptions { Faults = [new FaultRule { Route = "storage.part", Kind = "503", Times = 1, RetryAfterSeconds = 0 }] };
        await using var emulator = await EmulatorHarness.StartAsync(faults, Multipart());
        var large = LargeJpeg("retry.jpg", 5 * MiB + 10);
        var project = await emulator.Client.CreateSmartEditProjectAsync();

        var summary = await emulator.Client.UploadSmartEditFilesAsync(project.ProjectId, [large]);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(File.ReadAllBytes(large), Stored(emulator.Server, project.ProjectId, "retry.jpg"));
        var parts = emulator.Server.Journal.Where(e => e.Route == "storage.part").ToList();
        Assert.Equal(3, parts.Count);
        Assert.Single(parts, p => p.Status == 503);
    }

    [Fact]
    public async Task A_part_that_keeps_failing_aborts_the_upload_and_names_the_file()
    {
        var faults = new EmulatorOptions { Faults = [new FaultRule { Route = "storage.part", Kind = "500" }] };
        var options = Multipart();
        options.MaxRetryAttempts = 1;
        options.UploadRetryWindow = TimeSpan.Zero; // one round: the window would start the multipart upload afresh
        await using var emulator = await EmulatorHarness.StartAsync(faults, options);
        var large = LargeJpeg("doomed.jpg", 5 * MiB + 10);
        var ok = Jpegs(1)[0];
        var project = await emulator.Client.CreateSmartEditProjectAsync();

        var summary = await emulator.Client.UploadSmartEditFilesAsync(project.ProjectId, [ok, large]);

        var failure = Assert.Single(summary.Failures);
        Assert.Equal("doomed.jpg", failure.FileName);
        Assert.Equal(ImagenErrorIds.MultipartUploadFailed, failure.ErrorId);
        Assert.Contains("'doomed.jpg'", failure.Error);
        Assert.Contains("aborted on the service", failure.Error);
        Assert.Equal(1, summary.Succeeded);
        var abort = Assert.Single(emulator.Server.Journal, e => e.Route == "i2i.multipart.abort");
        Assert.Equal(200, abort.Status);
        var state = emulator.Server.Services.GetRequiredService<ProjectStore>().Find(project.ProjectId, ProjectFamily.SmartEdit)!;
        lock (state.Gate) Assert.Empty(state.MultipartUploads);
    }

    [Fact]
    public async Task Part_links_that_expire_mid_file_start_the_multipart_upload_afresh_with_new_links()
    {
        // The API cannot re-sign one part (imagen-api.md §4.4): expired part links are replaced by a new multipart
        // upload. Here the first part goes up at once and the second is held until its 3 s link has expired.
        var expiring = new EmulatorOptions
        {
            LinkLifetimeSeconds = 3,
            Faults = [new FaultRule { Route = "storage.part", Kind = "latency", LatencyMilliseconds = 4500, Skip = 1, Times = 1 }],
        };
        var options = Multipart();
        options.ThrottleLimit = 1; // parts in order, one at a time
        options.UploadRetryWindow = TimeSpan.FromSeconds(30);
        await using var emulator = await EmulatorHarness.StartAsync(expiring, options);
        var large = LargeJpeg("long.jpg", 2 * 5 * MiB + 10);
        var project = await emulator.Client.CreateSmartEditProjectAsync();

        var reports = new List<ImagenTransferProgress>();
        var progress = new SynchronousRecorder<ImagenTransferProgress>(reports);

        var summary = await emulator.Client.UploadSmartEditFilesAsync(project.ProjectId, [large], progress);

        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(File.ReadAllBytes(large), Stored(emulator.Server, project.ProjectId, "long.jpg"));
        var journal = emulator.Server.Journal;
        Assert.Contains(journal, e => e.Route == "storage.part" && e.Status == 403);
        // The expired attempt's bytes were taken back: progress never counts a byte twice.
        List<ImagenTransferProgress> uploading;
        lock (reports) uploading = reports.Where(r => r.Operation == "Upload").ToList();
        Assert.All(uploading, r => Assert.InRange(r.TransferredBytes, 0, new FileInfo(large).Length));
        Assert.Equal(new FileInfo(large).Length, uploading.Last().TransferredBytes);
        Assert.Contains(journal, e => e.Route == "storage.part" && e.Status == 200 && e.Sequence < journal.First(f => f.Status == 403).Sequence);
        int created = journal.Count(e => e.Route == "i2i.multipart.create" && e.Status == 200);
        Assert.True(created >= 2, $"{created} multipart uploads were created");
        Assert.Equal(created - 1, journal.Count(e => e.Route == "i2i.multipart.abort" && e.Status == 200)); // every expired one
        Assert.Single(journal, e => e.Route == "i2i.multipart.complete" && e.Status == 200);
    }

    [Fact]
    public async Task Cancelling_a_multipart_upload_still_aborts_it_on_the_service()
    {
        var slow = new EmulatorOptions { Faults = [new FaultRule { Route = "storage.part", Kind = "latency", LatencyMilliseconds = 5000 }] };
        await using var emulator = await EmulatorHarness.StartAsync(slow, Multipart());
        var large = LargeJpeg("stopped.jpg", 5 * MiB + 10);
        var project = await emulator.Client.CreateSmartEditProjectAsync();
        using var cancel = new CancellationTokenSource();

        var faults = emulator.Server.Services.GetRequiredService<FaultInjector>();
        bool PartArrived() => faults.Describe().Any(rule => (int)rule.GetType().GetProperty("Matched")!.GetValue(rule)! > 0);

        var upload = emulator.Client.UploadSmartEditFilesAsync(project.ProjectId, [large], cancellationToken: cancel.Token);
        // Cancel once a part has reached the server (the latency rule has matched it): the client then knows the upload.
        for (int i = 0; i < 500 && !PartArrived(); i++) await Task.Delay(20);
        cancel.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        Assert.Contains(emulator.Server.Journal, e => e.Route == "i2i.multipart.abort" && e.Status == 200);
    }

    [Fact]
    public async Task Copilot_results_chain_and_finalize_links_download()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var client = emulator.Client;
        var project = await client.CreateProjectAsync();
        await client.UploadFilesAsync(project.ProjectId, Jpegs(2));
        await client.StartEditAsync(project.ProjectId, 29132);
        await client.WaitForEditAsync(project.ProjectId, pollInterval: TimeSpan.FromMilliseconds(20));
        var refused = await Assert.ThrowsAsync<ImagenApiException>(() => client.GetAiToolsAsync(project.ProjectId, ImagenProjectSource.Regular));
        await client.StartExportAsync(project.ProjectId);
        await client.WaitForExportAsync(project.ProjectId, pollInterval: TimeSpan.FromMilliseconds(20));
        var image = (await client.GetExportDownloadLinksAsync(project.ProjectId))[0].FileName;

        var tools = await client.GetAiToolsAsync(project.ProjectId, ImagenProjectSource.Regular);
        var first = await client.InvokeCopilotAsync(project.ProjectId, ImagenProjectSource.Regular, image, "brighter");
        var second = await client.InvokeCopilotAsync(project.ProjectId, ImagenProjectSource.Regular, image, "warmer", first.VersionId);
        var tool = await client.InvokeEnhancementAsync(project.ProjectId, ImagenProjectSource.Regular, image, "hdr_boost", second.VersionId);
        var finals = await client.FinalizeAsync(project.ProjectId, ImagenProjectSource.Regular);
        var saved = await client.DownloadFilesAsync(finals, Path.Combine(_folder.Path, "final"));
        await client.ResetCopilotAsync(project.ProjectId, ImagenProjectSource.Regular, image);
        var afterReset = await Assert.ThrowsAsync<ImagenApiException>(() => client.InvokeCopilotAsync(project.ProjectId, ImagenProjectSource.Regular, image, "cooler", tool.VersionId));

        Assert.Equal("Project has not been exported yet.", refused.ServerMessage);
        Assert.Contains(tools, t => t.EnhancementType == "hdr_boost");
        Assert.Equal("SUCCESS", first.Status);
        Assert.Null(first.BasedOnVersionId);
        Assert.Equal(first.VersionId, second.BasedOnVersionId);
        Assert.NotEqual(first.VersionId, second.VersionId);
        Assert.NotNull(second.EnhancedImageUrl);
        Assert.Equal(2, finals.Count);
        Assert.All(finals, l => Assert.Equal(ImagenJobKind.Final, l.Kind));
        Assert.Equal(2, saved.Downloaded);
        Assert.Equal(400, afterReset.StatusCode);
    }
}
