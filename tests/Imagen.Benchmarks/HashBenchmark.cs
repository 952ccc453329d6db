using System.Diagnostics;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// Client CPU of Content-MD5 alone: Core's Md5Hasher over many small files (the per-file overhead: open, hash object,
/// reads) and over one large file (the hashing rate), 4 at a time as an upload hashes them.
/// </summary>
public static class HashBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], out var c) ? c : 3000;
        var kib = args.Length > 1 && int.TryParse(args[1], out var k) ? k : 12;
        var folder = BenchmarkFiles.Folder();
        try
        {
            var small = BenchmarkFiles.WriteMany(folder, "HASH", count, kib * 1024, 5);
            var large = BenchmarkFiles.Write(folder, "LARGE.dng", 256 * 1048576L, 6);
            await HashAllAsync(small.Take(200).ToList()); // warm-up: JIT, page cache

            var (wall, cpu) = await HashAllAsync(small);
            Console.WriteLine($"MD5 of {count} files x {kib} KiB, 4 at a time: {wall.TotalSeconds:0.00} s, {cpu.TotalMilliseconds * 1000 / count:0} us CPU per file");
            (wall, cpu) = await HashAllAsync(new[] { large });
            Console.WriteLine($"MD5 of one 256 MiB file: {256 / wall.TotalSeconds:0} MiB/s, {cpu.TotalMilliseconds / 256:0.00} ms CPU per MiB");
            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    private static async Task<(TimeSpan Wall, TimeSpan Cpu)> HashAllAsync(IReadOnlyList<string> files)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(files.Select(async file =>
        {
            await gate.WaitAsync();
            try
            {
                await Task.Run(() => Md5Hasher.ComputeBase64(file, null, CancellationToken.None));
            }
            finally
            {
                gate.Release();
            }
        }));
        return (watch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }
}
