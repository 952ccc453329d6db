using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// The automatic transfer concurrency (issue 18) against fixed 5 (the old default) and fixed 16, in one run, with
/// Core's ImagenClient.UploadFilesAsync (Content-MD5 on, as by default) and the emulator in its own process:
/// <list type="bullet">
/// <item>on simulated studio lines (the emulator's --storage-mbps total and --storage-connection-mbps per
/// connection): the rate reached and its share of the line;</item>
/// <item>on loopback without a cap (small and large files) and with 100 ms added to every storage request (many small
/// files): the default against the best of fixed 5 and fixed 16, with the run-to-run spread;</item>
/// <item>memory and CPU: working-set growth and client CPU per file for 20,000 small files, and at 64 connections.</item>
/// </list>
/// Each figure is the best of <c>rounds</c>; the spread is (worst - best) / best over the rounds, the noise to
/// compare ratios against. Each round starts with a different setting.
/// </summary>
public static class AutotuneBenchmark
{
    private const string Usage = """
        autotune [lines=400/40,1000/100,100/100,50/5] [line-seconds=20] [line-files=48] [rounds=2]
                 [small=20000x12] [large=16x128] [latency-ms=100] [latency-files=2000] [memory-files=20000]
                 [only=lines,loopback,latency,memory]
          lines: total/per-connection Mbit/s of each simulated line; each line gets line-files files, as large as
          makes line-seconds at the full line (at most 3 s of one connection each); small=NxKiB and large=NxMiB: the
          loopback sets; latency-ms is added to every storage PUT of latency-files small files; memory-files small
          files measure memory and CPU (uncapped, then with the latency, where the default reaches 64 connections).
        """;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly (string Name, int? Throttle)[] Settings = { ("default (automatic)", null), ("fixed 5", 5), ("fixed 16", 16) };

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.WriteLine(Usage);
            return 1;
        }

        using var emulator = await BenchmarkEmulator.StartPinnedAsync(null, Directory.Exists("/dev/shm") ? "/dev/shm" : null);
        using var http = RawApi.CreateHttpClient();
        var folder = BenchmarkFiles.Folder();
        try
        {
            Console.WriteLine($"Autotune benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()} at the start.");
            Console.WriteLine("Core's ImagenClient.UploadFilesAsync with Content-MD5 (the default); the emulator in its own process, uploads in memory.");
            Console.WriteLine($"Each figure is the best of {options.Rounds} rounds; spread = (worst - best) / best of the rounds. Wall counts hashing, links and PUTs.");

            if (options.Only.Contains("lines"))
            {
                await LinesAsync(emulator, http, folder, options);
            }

            if (options.Only.Contains("loopback"))
            {
                var small = BenchmarkFiles.WriteMany(Directory.CreateDirectory(Path.Combine(folder, "small")).FullName, "SMALL", options.SmallCount, options.SmallKiB * 1024, 7);
                await CompareAsync(emulator, $"Loopback, no cap: {options.SmallCount} files x {options.SmallKiB} KiB", small, options.Rounds, line: null);
                var large = Enumerable.Range(1, options.LargeCount).Select(i => BenchmarkFiles.Write(folder, $"LARGE_{i:0000}.dng", options.LargeMiB * 1048576L, i)).ToList();
                await CompareAsync(emulator, $"Loopback, no cap: {options.LargeCount} files x {options.LargeMiB} MiB", large, options.Rounds, line: null);
                foreach (var file in large)
                {
                    File.Delete(file);
                }
            }

            if (options.Only.Contains("latency"))
            {
                var files = BenchmarkFiles.WriteMany(Directory.CreateDirectory(Path.Combine(folder, "latency")).FullName, "LATENCY", options.LatencyFiles, options.SmallKiB * 1024, 11);
                await SetLatencyAsync(http, emulator, options.LatencyMs);
                try
                {
                    await CompareAsync(emulator, $"{options.LatencyMs} ms added to every storage request: {options.LatencyFiles} files x {options.SmallKiB} KiB", files, options.Rounds, line: null);
                }
                finally
                {
                    await SetLatencyAsync(http, emulator, 0);
                }
            }

            if (options.Only.Contains("memory"))
            {
                await MemoryAsync(emulator, http, folder, options);
            }

            Console.WriteLine();
            Console.WriteLine($"Load average at the end: {LoadAverage()}.");
            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    private static async Task LinesAsync(BenchmarkEmulator emulator, HttpClient http, string folder, Options options)
    {
        Console.WriteLine();
        Console.WriteLine($"Simulated lines (emulator: total / per connection, Mbit/s), {options.LineFiles} files each:");
        var rows = new List<string>();
        foreach (var (total, perConnection) in options.Lines)
        {
            // Files long enough that a connection spends seconds on each, short enough that the set lasts about
            // line-seconds at the full line: the number of connections, not the number of files, limits the rate.
            var size = (long)Math.Min(perConnection * 1e6 / 8 * 3, total * 1e6 / 8 * options.LineSeconds / options.LineFiles);
            var lineFolder = Directory.CreateDirectory(Path.Combine(folder, $"line-{total}-{perConnection}")).FullName;
            var files = Enumerable.Range(1, options.LineFiles).Select(i => BenchmarkFiles.Write(lineFolder, $"LINE_{i:0000}.dng", size, i)).ToList();
            await RawApi.PatchSettingsAsync(http, emulator, new { storageMbps = total, storageConnectionMbps = perConnection });
            try
            {
                await CompareAsync(emulator, $"Line {total}/{perConnection} Mbit/s: {files.Count} files x {size / 1048576.0:0.0} MiB", files, options.Rounds, line: total);
            }
            finally
            {
                await RawApi.PatchSettingsAsync(http, emulator, new { storageMbps = 0, storageConnectionMbps = 0 });
                BenchmarkFiles.Delete(lineFolder);
            }
        }
    }

    /// <summary>The three settings on one set of files, <paramref name="rounds"/> times; prints their best, spread and ratios.</summary>
    private static async Task CompareAsync(BenchmarkEmulator emulator, string title, IReadOnlyList<string> files, int rounds, double? line)
    {
        Console.WriteLine();
        Console.WriteLine($"{title} ({files.Sum(f => new FileInfo(f).Length) / 1048576.0:0.0} MiB), load average {LoadAverage()}:");

        // Warm-up, not counted: the JIT of client and emulator, connection pools, the page cache. A few hundred small
        // files, or about 64 MiB of large ones.
        using (var warm = new ImagenClient(emulator.Settings, new ImagenClientOptions { ThrottleLimit = 16 }))
        {
            var size = new FileInfo(files[0]).Length;
            await UploadAsync(emulator, warm, files.Take((int)Math.Clamp(64L * 1048576 / size, 1, 200)).ToList(), new BenchLog());
        }

        var runs = Settings.Select(_ => new List<Run>()).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < Settings.Length; turn++)
            {
                var which = (round + turn) % Settings.Length;
                var log = new BenchLog();
                using var client = new ImagenClient(emulator.Settings, new ImagenClientOptions { ThrottleLimit = Settings[which].Throttle }, log);
                runs[which].Add(await UploadAsync(emulator, client, files, log));
            }
        }

        Console.WriteLine($"  {"",-20} {"wall",8} {"spread",7} {"Mbit/s",8} {(line is null ? "files/s" : "of line"),8} {"CPU/file",10} {"busy",5} {"peak WS",9}  connections (best run)");
        foreach (var (setting, i) in Settings.Select((s, i) => (s, i)))
        {
            var best = runs[i].MinBy(r => r.Wall)!;
            var spread = runs[i].Max(r => r.Wall.TotalSeconds) / best.Wall.TotalSeconds - 1;
            var mbps = best.Bytes * 8 / 1e6 / best.Wall.TotalSeconds;
            var share = line is double total ? (mbps / total).ToString("0.00", Invariant) : (best.Files / best.Wall.TotalSeconds).ToString("0", Invariant);
            Console.WriteLine($"  {setting.Name,-20} {best.Wall.TotalSeconds,7:0.00}s {spread,7:0%} {mbps,8:0.0} {share,8} {best.Cpu.TotalMilliseconds / best.Files,7:0.000} ms {best.Busy,5:0%} {best.WorkingSetGrowth / 1048576.0,7:+0.0} MiB  {best.Connections}");
        }

        var bestDefault = runs[0].Min(r => r.Wall);
        var bestFixed = runs.Skip(1).SelectMany(r => r).MinBy(r => r.Wall)!;
        var noise = runs.Max(r => r.Max(x => x.Wall.TotalSeconds) / r.Min(x => x.Wall.TotalSeconds) - 1);
        var fixedName = Settings[Array.FindIndex(runs, r => r.Contains(bestFixed))].Name;
        Console.WriteLine($"  default / best fixed ({fixedName}): {bestFixed.Wall.TotalSeconds / bestDefault.TotalSeconds:0.00}x the speed (largest spread {noise:0%})");
    }

    private static async Task MemoryAsync(BenchmarkEmulator emulator, HttpClient http, string folder, Options options)
    {
        var files = BenchmarkFiles.WriteMany(Directory.CreateDirectory(Path.Combine(folder, "memory")).FullName, "MEMORY", options.MemoryFiles, options.SmallKiB * 1024, 13);
        Console.WriteLine();
        Console.WriteLine($"Memory and CPU, {options.MemoryFiles} files x {options.SmallKiB} KiB, the default, load average {LoadAverage()}:");
        Console.WriteLine($"  {"",-34} {"wall",8} {"files/s",8} {"CPU/file",10} {"busy",5} {"peak WS",9}  connections");
        using (var warm = new ImagenClient(emulator.Settings))
        {
            await UploadAsync(emulator, warm, files.Take(500).ToList(), new BenchLog());
        }

        foreach (var latency in new[] { 0, options.LatencyMs })
        {
            await SetLatencyAsync(http, emulator, latency);
            try
            {
                var log = new BenchLog();
                using var client = new ImagenClient(emulator.Settings, new ImagenClientOptions(), log);
                var run = await UploadAsync(emulator, client, files, log);
                var label = latency == 0 ? "loopback, no cap" : $"{latency} ms per storage request";
                Console.WriteLine($"  {label,-34} {run.Wall.TotalSeconds,7:0.00}s {run.Files / run.Wall.TotalSeconds,8:0} {run.Cpu.TotalMilliseconds / run.Files,7:0.000} ms {run.Busy,5:0%} {run.WorkingSetGrowth / 1048576.0,7:+0.0} MiB  {run.Connections}");
            }
            finally
            {
                await SetLatencyAsync(http, emulator, 0);
            }
        }
    }

    /// <summary>One upload into a fresh project, measured: wall, client CPU, peak working-set growth, machine load, the concurrency's path.</summary>
    private static async Task<Run> UploadAsync(BenchmarkEmulator emulator, ImagenClient client, IReadOnlyList<string> files, BenchLog log)
    {
        var projectId = (await client.CreateProjectAsync()).ProjectId;
        using var sampler = MemorySampler.Start();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var machine = new MachineCpu();
        var watch = Stopwatch.StartNew();
        var summary = await client.UploadFilesAsync(projectId, files);
        var wall = watch.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var busy = machine.BusyShare() ?? double.NaN;
        await sampler.StopAsync();
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException($"{summary.Failed} uploads failed, e.g. {summary.Failures[0].Error}");
        }

        try
        {
            Directory.Delete(Path.Combine(emulator.DataDirectory, "projects", projectId), recursive: true);
        }
        catch (IOException)
        {
        }

        return new Run(wall, files.Sum(f => new FileInfo(f).Length), files.Count, cpuUsed, sampler.WorkingSetGrowth, busy, log.Connections(client.Options.ThrottleLimit));
    }

    private static async Task SetLatencyAsync(HttpClient http, BenchmarkEmulator emulator, int milliseconds)
    {
        var rules = milliseconds > 0 ? $"[{{\"route\":\"storage.put\",\"kind\":\"latency\",\"latencyMilliseconds\":{milliseconds}}}]" : "[]";
        using var content = new StringContent(rules, Encoding.UTF8, "application/json");
        using var response = await http.PutAsync(new Uri(emulator.BaseUrl, "/admin/faults"), content);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux): how many others wanted the cores meanwhile.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private sealed record Run(TimeSpan Wall, long Bytes, int Files, TimeSpan Cpu, long WorkingSetGrowth, double Busy, string Connections);

    /// <summary>Keeps the -Verbose story: the concurrency's changes.</summary>
    private sealed class BenchLog : IImagenLog
    {
        private static readonly Regex Change = new(@"concurrency (\d+) -> (\d+)", RegexOptions.Compiled);
        private readonly ConcurrentQueue<string> _lines = new();

        public bool IsDebugEnabled => false;

        public void Verbose(string message) => _lines.Enqueue(message);

        public void Debug(string message)
        {
        }

        /// <summary>"4>8>16 (most 16)" for the automatic concurrency, or the fixed number.</summary>
        public string Connections(int? fixedLimit)
        {
            if (fixedLimit is int limit)
            {
                return limit.ToString(Invariant);
            }

            var path = new StringBuilder(ConcurrencyController.DefaultInitial.ToString(Invariant));
            var most = ConcurrencyController.DefaultInitial;
            foreach (Match match in _lines.Select(l => Change.Match(l)).Where(m => m.Success))
            {
                var to = int.Parse(match.Groups[2].Value, Invariant);
                most = Math.Max(most, to);
                path.Append('>').Append(to);
            }

            return path.Length > 60 ? $"{path.ToString(0, 28)}...{path.ToString(path.Length - 28, 28)} (most {most})" : $"{path} (most {most})";
        }
    }

    private sealed class Options
    {
        public List<(double Total, double PerConnection)> Lines { get; private set; } = new() { (400, 40), (1000, 100), (100, 100), (50, 5) };
        public double LineSeconds { get; private set; } = 20;
        public int LineFiles { get; private set; } = 48;
        public int Rounds { get; private set; } = 2;
        public int SmallCount { get; private set; } = 20000;
        public int SmallKiB { get; private set; } = 12;
        public int LargeCount { get; private set; } = 16;
        public int LargeMiB { get; private set; } = 128;
        public int LatencyMs { get; private set; } = 100;
        public int LatencyFiles { get; private set; } = 2000;
        public int MemoryFiles { get; private set; } = 20000;
        public HashSet<string> Only { get; private set; } = new() { "lines", "loopback", "latency", "memory" };

        public static Options? Parse(string[] args)
        {
            var options = new Options();
            foreach (var arg in args)
            {
                var parts = arg.Split('=', 2);
                if (parts.Length != 2)
                {
                    return null;
                }

                var value = parts[1];
                switch (parts[0].ToLowerInvariant())
                {
                    case "lines":
                        options.Lines = value.Split(',').Select(l => l.Split('/')).Select(p => (double.Parse(p[0], Invariant), double.Parse(p[1], Invariant))).ToList();
                        break;
                    case "line-seconds":
                        options.LineSeconds = double.Parse(value, Invariant);
                        break;
                    case "line-files":
                        options.LineFiles = int.Parse(value, Invariant);
                        break;
                    case "rounds":
                        options.Rounds = Math.Max(1, int.Parse(value, Invariant));
                        break;
                    case "small":
                        (options.SmallCount, options.SmallKiB) = Pair(value);
                        break;
                    case "large":
                        (options.LargeCount, options.LargeMiB) = Pair(value);
                        break;
                    case "latency-ms":
                        options.LatencyMs = int.Parse(value, Invariant);
                        break;
                    case "latency-files":
                        options.LatencyFiles = int.Parse(value, Invariant);
                        break;
                    case "memory-files":
                        options.MemoryFiles = int.Parse(value, Invariant);
                        break;
                    case "only":
                        options.Only = value.Split(',').Select(v => v.Trim().ToLowerInvariant()).ToHashSet();
                        break;
                    default:
                        return null;
                }
            }

            return options;
        }

        private static (int, int) Pair(string value)
        {
            var parts = value.ToLowerInvariant().Split('x');
            return (int.Parse(parts[0], Invariant), int.Parse(parts[1], Invariant));
        }
    }
}
