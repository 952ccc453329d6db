using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Imagen.Benchmarks;

/// <summary>
/// How the emulator's memory grows while it receives an upload through its storage route (issue #3 point 8). The
/// emulator runs as its own process; a sampler reads its working set every 20 ms while a small reference file and
/// then a large file are PUT to presigned links. Streaming to disk means the growth stays flat as the file grows;
/// buffering would make it follow the file (ratio 1.0).
/// </summary>
public static class EmulatorMemoryBenchmark
{
    private const long MiB = 1024 * 1024;
    private const string ApiKey = "emulator-memory-benchmark";

    public static async Task<int> RunAsync(string[] args)
    {
        long smallMiB = args.Length > 0 && long.TryParse(args[0], out long s) ? s : 64;
        long largeMiB = args.Length > 1 && long.TryParse(args[1], out long l) ? l : 1024;
        string folder = Path.Combine(Path.GetTempPath(), "imagen-emulator-memory-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        using var emulator = await EmulatorProcess.StartAsync(Path.Combine(folder, "data"));
        try
        {
            string warm = WriteFile(folder, "WARM.dng", 8 * MiB);
            string small = WriteFile(folder, "SMALL.dng", smallMiB * MiB);
            string large = WriteFile(folder, "LARGE.dng", largeMiB * MiB);
            using var api = new HttpClient { BaseAddress = new Uri(emulator.BaseUrl + "/"), Timeout = Timeout.InfiniteTimeSpan };
            api.DefaultRequestHeaders.Add("x-api-key", ApiKey);
            using var storage = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };

            await UploadAsync(api, storage, warm); // JIT, Kestrel pools, file system caches
            await Task.Delay(500);
            var smallRun = await MeasureAsync(emulator.Process, () => UploadAsync(api, storage, small));
            var largeRun = await MeasureAsync(emulator.Process, () => UploadAsync(api, storage, large));

            Console.WriteLine("Emulator memory while receiving an upload (storage PUT, emulator in its own process):");
            Print(smallMiB, smallRun);
            Print(largeMiB, largeRun);
            Console.WriteLine($"  growth / file size for the {largeMiB} MiB file: {largeRun.Growth / (double)(largeMiB * MiB):0.0000} " +
                              $"(buffering the body would be 1.0; {largeRun.Growth / (double)MiB:0.0} MiB against {largeMiB} MiB)");
            Console.WriteLine($"  file size ratio {largeMiB / (double)smallMiB:0.0}; the large file grew memory by " +
                              $"{(largeRun.Growth - smallRun.Growth) / (double)MiB:0.0} MiB more than the small one " +
                              $"(buffering would be {(largeMiB - smallMiB):0} MiB more)");
            return 0;
        }
        finally
        {
            emulator.Dispose();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private sealed record Run(long Baseline, long Peak, TimeSpan Elapsed, long Bytes)
    {
        public long Growth => Math.Max(0, Peak - Baseline);
    }

    private static void Print(long sizeMiB, Run run) =>
        Console.WriteLine($"  {sizeMiB,6} MiB file: working set {run.Baseline / (double)MiB:0.0} MiB before, peak {run.Peak / (double)MiB:0.0} MiB, " +
                          $"growth {run.Growth / (double)MiB:0.0} MiB; {run.Bytes / (double)MiB / run.Elapsed.TotalSeconds:0} MiB/s");

    private static async Task<Run> MeasureAsync(Process emulator, Func<Task<long>> upload)
    {
        using var sampler = MemorySampler.Start(emulator, everyMilliseconds: 20);
        var stopwatch = Stopwatch.StartNew();
        long bytes = await upload();
        stopwatch.Stop();
        await Task.Delay(100); // the emulator may still be writing the last bytes
        await sampler.StopAsync();
        return new Run(sampler.BaselineWorkingSet, sampler.PeakWorkingSet, stopwatch.Elapsed, bytes);
    }

    /// <summary>Creates a project, asks for a link and streams the file to it, as a client would.</summary>
    private static async Task<long> UploadAsync(HttpClient api, HttpClient storage, string path)
    {
        string name = Path.GetFileName(path);
        using var created = await api.PostAsJsonAsync("projects/", new { });
        string project = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["data"]!["project_uuid"]!;
        using var linked = await api.PostAsJsonAsync($"projects/{project}/get_temporary_upload_links", new { files_list = new[] { new { file_name = name } } });
        string link = (string)JsonNode.Parse(await linked.Content.ReadAsStringAsync())!["data"]!["files_list"]![0]!["upload_link"]!;
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        using var content = new StreamContent(file, 256 * 1024);
        using var put = await storage.PutAsync(link, content);
        put.EnsureSuccessStatusCode();
        return file.Length;
    }

    /// <summary>Writes a file of pseudo-random bytes without holding it in memory.</summary>
    private static string WriteFile(string folder, string name, long length)
    {
        string path = Path.Combine(folder, name);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal));
        var buffer = new byte[MiB];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        for (long written = 0; written < length; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, length - written));
        }
        return path;
    }

    /// <summary>The emulator started from its built dll, the way the README starts it.</summary>
    private sealed class EmulatorProcess : IDisposable
    {
        private EmulatorProcess(Process process, Uri baseUrl) => (Process, BaseUrl) = (process, baseUrl);

        public Process Process { get; }
        public Uri BaseUrl { get; }

        public static async Task<EmulatorProcess> StartAsync(string dataDirectory)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "Imagen.Emulator.dll"), "--urls", "http://127.0.0.1:0",
                         "--api-key", ApiKey, "--data-dir", dataDirectory })
                start.ArgumentList.Add(argument);
            var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var match = Regex.Match(line, @"listening on (\S+)");
                if (!match.Success) continue;
                _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() is not null) { } });
                return new EmulatorProcess(process, new Uri(match.Groups[1].Value));
            }
            throw new InvalidOperationException("The emulator exited before it listened.");
        }

        public void Dispose()
        {
            try
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(5000);
            }
            catch (InvalidOperationException) { }
            Process.Dispose();
        }
    }
}
