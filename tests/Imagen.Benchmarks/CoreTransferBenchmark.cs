using System.Diagnostics;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// Core's uploads and downloads against a plain HttpClient stream copy to the same emulator routes, same files,
/// same concurrency, in the same run. The ratio (Core / raw) is the figure: 1.0 means Core adds no cost.
/// </summary>
public static class CoreTransferBenchmark
{
    private const int Rounds = 3;

    public static async Task<int> UploadAsync(string[] args)
    {
        var count = Arg(args, 0, 4);
        var sizeMb = Arg(args, 1, 64);
        var throttle = Arg(args, 2, 4);
        using var emulator = await BenchmarkEmulator.StartAsync();
        var folder = BenchmarkFiles.Folder();
        try
        {
            var files = Enumerable.Range(1, count).Select(i => BenchmarkFiles.Write(folder, $"IMG_{i:0000}.dng", sizeMb * 1048576L, i)).ToList();
            var total = files.Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"Upload: {count} files x {sizeMb} MB, {throttle} concurrent, emulator {emulator.BaseUrl}");

            using var raw = RawClient();
            using var plain = new ImagenClient(emulator.Settings, new ImagenClientOptions { UseContentMd5 = false, ThrottleLimit = throttle });
            using var checksummed = new ImagenClient(emulator.Settings, new ImagenClientOptions { UseContentMd5 = true, ThrottleLimit = throttle });

            // Warm-up (JIT, connections) with one round each, not counted.
            await RawUploadAsync(raw, emulator, files.Take(1).ToList(), throttle);
            await plain.UploadFilesAsync((await plain.CreateProjectAsync()).ProjectId, files.Take(1));

            TimeSpan rawBest = TimeSpan.MaxValue, coreBest = TimeSpan.MaxValue, md5Best = TimeSpan.MaxValue;
            for (var round = 0; round < Rounds; round++)
            {
                rawBest = Min(rawBest, await RawUploadAsync(raw, emulator, files, throttle));
                coreBest = Min(coreBest, await TimeAsync(async () => Ensure(await plain.UploadFilesAsync((await plain.CreateProjectAsync()).ProjectId, files))));
                md5Best = Min(md5Best, await TimeAsync(async () => Ensure(await checksummed.UploadFilesAsync((await checksummed.CreateProjectAsync()).ProjectId, files))));
            }

            Console.WriteLine($"  raw HttpClient PUT (reference) {BenchmarkFiles.Rate(total, rawBest)}");
            Console.WriteLine($"  Core, Content-MD5 off          {BenchmarkFiles.Rate(total, coreBest)}   ratio Core/raw = {rawBest.TotalSeconds / coreBest.TotalSeconds:0.00}");
            Console.WriteLine($"  Core, Content-MD5 on (default) {BenchmarkFiles.Rate(total, md5Best)}   ratio Core/raw = {rawBest.TotalSeconds / md5Best.TotalSeconds:0.00} (includes hashing every byte)");
            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    public static async Task<int> DownloadAsync(string[] args)
    {
        var count = Arg(args, 0, 4);
        var sizeMb = Arg(args, 1, 32);
        var throttle = Arg(args, 2, 4);
        using var emulator = await BenchmarkEmulator.StartAsync();
        var folder = BenchmarkFiles.Folder();
        try
        {
            // Large edit outputs: JPEG inputs come back whole with XMP embedded, so pad real sample JPEGs.
            var samples = Imagen.Emulator.Samples.SampleShootGenerator.Generate(Path.Combine(folder, "samples"), count, "jpeg", 3);
            var inputs = Path.Combine(folder, "inputs");
            Directory.CreateDirectory(inputs);
            var files = samples.Select((s, i) => BenchmarkFiles.Write(inputs, Path.GetFileName(s), sizeMb * 1048576L, i, File.ReadAllBytes(s))).ToList();

            using var client = new ImagenClient(emulator.Settings, new ImagenClientOptions { ThrottleLimit = throttle, PollInitialInterval = TimeSpan.FromMilliseconds(100), PollMaxInterval = TimeSpan.FromMilliseconds(500) });
            var jpg = (await client.GetProfilesAsync()).First(p => p.ImageType == "JPG");
            var result = await new ImagenEditWorkflow(client).RunAsync(new ImagenEditWorkflowRequest { Files = files, Profile = jpg, InspectContent = false });
            var links = await client.GetEditDownloadLinksAsync(result.ProjectId);
            Console.WriteLine($"Download: {links.Count} edit outputs of ~{sizeMb} MB, {throttle} concurrent, emulator {emulator.BaseUrl}");

            using var raw = RawClient();
            var rawFolder = Path.Combine(folder, "raw");
            var coreFolder = Path.Combine(folder, "core");
            Directory.CreateDirectory(rawFolder);
            await RawDownloadAsync(raw, links.Take(1).ToList(), rawFolder, throttle);
            await client.DownloadFilesAsync(links.Take(1).ToList(), Path.Combine(coreFolder, "warm-up"));

            long total = 0;
            TimeSpan rawBest = TimeSpan.MaxValue, coreBest = TimeSpan.MaxValue;
            for (var round = 0; round < Rounds; round++)
            {
                rawBest = Min(rawBest, await TimeAsync(() => RawDownloadAsync(raw, links, rawFolder, throttle)));
                coreBest = Min(coreBest, await TimeAsync(async () =>
                {
                    // A fresh folder each round: files already there would be compared, not downloaded into place.
                    var summary = await client.DownloadFilesAsync(links, Path.Combine(coreFolder, "round" + round));
                    if (summary.Downloaded != links.Count)
                    {
                        throw new InvalidOperationException("Download failed: " + summary.Results.First(r => r.Status != ImagenDownloadStatus.Downloaded).Message);
                    }

                    total = summary.Results.Sum(r => r.Length);
                }));
            }

            Console.WriteLine($"  total {total / 1048576.0:0.0} MB per round");
            Console.WriteLine($"  raw HttpClient GET (reference) {BenchmarkFiles.Rate(total, rawBest)}");
            Console.WriteLine($"  Core (temp file + rename)      {BenchmarkFiles.Rate(total, coreBest)}   ratio Core/raw = {rawBest.TotalSeconds / coreBest.TotalSeconds:0.00}");
            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    /// <summary>The reference: create a project, ask for links, PUT each file as a plain StreamContent.</summary>
    private static async Task<TimeSpan> RawUploadAsync(HttpClient http, BenchmarkEmulator emulator, IReadOnlyList<string> files, int throttle)
    {
        var watch = Stopwatch.StartNew();
        var projectId = await RawApi.CreateProjectAsync(http, emulator);
        var links = await RawApi.UploadLinksAsync(http, emulator, projectId, files);

        await RawApi.PutAllAsync(http, links, files, throttle);
        return watch.Elapsed;
    }

    private static async Task RawDownloadAsync(HttpClient http, IReadOnlyList<ImagenDownloadLink> links, string folder, int throttle)
    {
        using var gate = new SemaphoreSlim(throttle);
        await Task.WhenAll(links.Select(async link =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await http.GetAsync(link.Url, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync();
                await using var file = new FileStream(Path.Combine(folder, link.FileName), FileMode.Create, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
                await body.CopyToAsync(file);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static HttpClient RawClient() => RawApi.CreateHttpClient();

    private static void Ensure(ImagenUploadSummary summary)
    {
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException("Upload failed: " + summary.Failures[0].Error);
        }
    }

    private static async Task<TimeSpan> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static int Arg(string[] args, int index, int fallback) => args.Length > index && int.TryParse(args[index], out var value) ? value : fallback;
}
