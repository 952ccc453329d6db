using System.Diagnostics;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// How the client's memory grows with the size of an upload: a small and a large file are uploaded with the
/// default options (Content-MD5 on) to an emulator in another process, while a sampler tracks this process's peak
/// working set and managed heap. A ratio near 1 (against a file-size ratio of 16) means memory does not follow size.
/// </summary>
public static class CoreMemoryBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var smallMb = args.Length > 0 && int.TryParse(args[0], out var s) ? s : 64;
        var largeMb = args.Length > 1 && int.TryParse(args[1], out var l) ? l : 1024;
        using var emulator = await BenchmarkEmulator.StartAsync();
        var folder = BenchmarkFiles.Folder();
        try
        {
            var small = BenchmarkFiles.Write(folder, "SMALL.dng", smallMb * 1048576L, 1);
            var large = BenchmarkFiles.Write(folder, "LARGE.dng", largeMb * 1048576L, 2);
            using var client = new ImagenClient(emulator.Settings);

            // Warm-up: JIT, connection pool, buffers.
            var warm = BenchmarkFiles.Write(folder, "WARM.dng", 4 * 1048576L, 3);
            await client.UploadFilesAsync((await client.CreateProjectAsync()).ProjectId, new[] { warm });

            var smallGrowth = await MeasureAsync(client, small);
            var largeGrowth = await MeasureAsync(client, large);
            Console.WriteLine($"Upload memory (client process only; emulator runs in its own process), Content-MD5 on:");
            Console.WriteLine($"  {smallMb,5} MB file: peak working set +{smallGrowth.WorkingSet / 1048576.0:0.0} MB, peak managed heap +{smallGrowth.Managed / 1048576.0:0.0} MB");
            Console.WriteLine($"  {largeMb,5} MB file: peak working set +{largeGrowth.WorkingSet / 1048576.0:0.0} MB, peak managed heap +{largeGrowth.Managed / 1048576.0:0.0} MB");
            Console.WriteLine($"  file size ratio {largeMb / (double)smallMb:0.0}; working-set growth ratio {Ratio(largeGrowth.WorkingSet, smallGrowth.WorkingSet):0.00}; managed growth ratio {Ratio(largeGrowth.Managed, smallGrowth.Managed):0.00}");
            Console.WriteLine($"  peak working-set growth as a share of the large file: {largeGrowth.WorkingSet * 100.0 / (largeMb * 1048576.0):0.00}% (buffering the file would be 100%)");
            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    private static async Task<(long WorkingSet, long Managed)> MeasureAsync(ImagenClient client, string file)
    {
        using var sampler = MemorySampler.Start();
        var summary = await client.UploadFilesAsync((await client.CreateProjectAsync()).ProjectId, new[] { file });
        await sampler.StopAsync();
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException(summary.Failures[0].Error);
        }

        return (sampler.WorkingSetGrowth, sampler.ManagedGrowth);
    }

    private static double Ratio(long large, long small) => small <= 0 ? double.NaN : large / (double)Math.Max(small, 1);
}
