using System.Diagnostics;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// How the client's memory follows a multipart upload (imagen-api.md §4.4): one large file goes to a Smart Editing
/// project in parts, with two part sizes, while a sampler tracks this process's peak managed heap and working set.
/// The design bound is ThrottleLimit × part size (each part in flight is held in memory once); the figures show the
/// growth against that bound and against the file size.
/// </summary>
public static class MultipartMemoryBenchmark
{
    private const long MiB = 1048576;

    public static async Task<int> RunAsync(string[] args)
    {
        var sizeMb = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 512;
        var throttle = args.Length > 1 && int.TryParse(args[1], out var t) ? t : 4;
        using var emulator = await BenchmarkEmulator.StartAsync();
        var folder = BenchmarkFiles.Folder();
        try
        {
            var file = BenchmarkFiles.Write(folder, "LARGE.jpg", sizeMb * MiB, 1);
            Console.WriteLine($"Multipart upload of a {sizeMb} MB file, {throttle} parts at a time (client process only):");
            foreach (var partMb in new[] { 5, 20 })
            {
                var options = new ImagenClientOptions { ThrottleLimit = throttle, MultipartThreshold = MiB, MultipartPartSize = partMb * MiB };
                using var client = new ImagenClient(emulator.Settings, options);
                var (workingSet, managed, elapsed) = await MeasureAsync(client, file);
                var bound = throttle * partMb * MiB;
                Console.WriteLine($"  parts of {partMb,2} MB: peak managed heap +{managed / (double)MiB,6:0.0} MB, peak working set +{workingSet / (double)MiB,6:0.0} MB; " +
                                  $"bound {bound / MiB} MB (managed/bound {managed / (double)bound:0.00}), managed/file {managed * 100.0 / (sizeMb * MiB):0.0}%, {BenchmarkFiles.Rate(sizeMb * MiB, elapsed)}");
            }

            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    private static async Task<(long WorkingSet, long Managed, TimeSpan Elapsed)> MeasureAsync(ImagenClient client, string file)
    {
        var project = await client.CreateSmartEditProjectAsync();
        using var sampler = MemorySampler.Start();
        var watch = Stopwatch.StartNew();
        var summary = await client.UploadSmartEditFilesAsync(project.ProjectId, new[] { file });
        watch.Stop();
        await sampler.StopAsync();
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException(summary.Failures[0].Error);
        }

        return (sampler.WorkingSetGrowth, sampler.ManagedGrowth, watch.Elapsed);
    }
}
