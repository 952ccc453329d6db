using System.Diagnostics;
using System.Globalization;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// Transfers at the speed of the wire (issue #10): in one run, for large files and for many small files, the wall
/// time and throughput of curl --parallel (raw HttpClient when curl is missing) and of the module's Core client
/// (Content-MD5 on and off) against the same emulator process and the same kind of signed links, their ratio, the
/// client's peak working-set growth, time to the first uploaded byte and CPU per file; then, against a capped line,
/// the share of the cap used: the client's own cap (MaximumBandwidthMbps) and the emulator's uplink (storageMbps).
/// Figures vary between runs on a shared machine: compare within one run.
/// </summary>
public static class WireBenchmark
{
    private const string Usage = """
        wire [large=8x128] [small=3000x12] [large-throttle=4] [small-throttle=5] [rounds=1]
             [cap-seconds=60] [cap-mbps=auto] [emulator-cpus=LIST] [emulator-data=/dev/shm] [only=large,small,cap]
             [reference=curl|http]
          large=NxMiB, small=NxKiB: the two workloads; cap-seconds: length of each capped transfer (0 skips them);
          cap-mbps: the cap (default: what makes the large set last cap-seconds); emulator-cpus: run the emulator
          under taskset -c LIST (pin this process with taskset too, e.g. taskset -c 0 dotnet Imagen.Benchmarks.dll wire emulator-cpus=1);
          emulator-data: where the emulator stores uploads (default /dev/shm where it exists, else the temp folder).
        """;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            Console.WriteLine(Usage);
            return 1;
        }

        var curl = options.Reference == "http" ? null : CurlPath();
        using var emulator = await BenchmarkEmulator.StartPinnedAsync(options.EmulatorCpus, options.EmulatorData);
        var folder = BenchmarkFiles.Folder();
        using var http = RawApi.CreateHttpClient();
        try
        {
            Console.WriteLine($"Wire benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores; client on cores {Affinity(Process.GetCurrentProcess())}, emulator (own process) on cores {Affinity(emulator.Process)}");
            Console.WriteLine($"The emulator keeps uploads in {emulator.DataDirectory}{(options.EmulatorData == "/dev/shm" ? " (memory: disk writes are not what is measured)" : string.Empty)}.");
            Console.WriteLine($"Reference: {(curl is null ? "raw HttpClient (curl not found or reference=http)" : CurlVersion(curl) + " --parallel")}; the module is Core's ImagenClient.UploadFilesAsync (hash, links, PUT).");
            Console.WriteLine("Wall time counts from an existing project: links and PUTs for the reference; hashing, links and PUTs for the module.");

            var large = options.Only.Contains("large") || options.Only.Contains("cap")
                ? Enumerable.Range(1, options.LargeCount).Select(i => BenchmarkFiles.Write(folder, $"LARGE_{i:0000}.dng", options.LargeMiB * 1048576L, i)).ToList()
                : new List<string>();
            if (options.Only.Contains("large"))
            {
                await CompareAsync(emulator, http, curl, $"{options.LargeCount} files x {options.LargeMiB} MiB, {options.LargeThrottle} at a time", large, options.LargeThrottle, options.Rounds);
            }

            if (options.Only.Contains("small"))
            {
                var small = BenchmarkFiles.WriteMany(Directory.CreateDirectory(Path.Combine(folder, "small")).FullName, "SMALL", options.SmallCount, options.SmallKiB * 1024, 7);
                await CompareAsync(emulator, http, curl, $"{options.SmallCount} files x {options.SmallKiB} KiB, {options.SmallThrottle} at a time", small, options.SmallThrottle, options.Rounds);
            }

            if (options.Only.Contains("cap") && options.CapSeconds > 0)
            {
                await CappedAsync(emulator, http, curl, large, options);
            }

            return 0;
        }
        finally
        {
            BenchmarkFiles.Delete(folder);
        }
    }

    private static async Task CompareAsync(BenchmarkEmulator emulator, HttpClient http, string? curl, string title, IReadOnlyList<string> files, int throttle, int rounds)
    {
        var total = files.Sum(f => new FileInfo(f).Length);
        Console.WriteLine();
        Console.WriteLine($"Upload {title} ({total / 1048576.0:0.0} MiB); best of {rounds}:");

        // Warm-up, not counted: connection pools, page cache, and the JIT of the client and of the emulator, which
        // compiles a method again, optimised, only after some 30 calls and a pause.
        var warm = WarmUpSet(files, throttle);
        for (var pass = 0; pass < 2; pass++)
        {
            await ReferenceAsync(emulator, http, curl, warm, throttle);
            foreach (var md5 in new[] { true, false })
            {
                using var client = NewClient(emulator, throttle, md5, capMbps: null);
                await ModuleAsync(emulator, client, warm);
            }

            await Task.Delay(200);
        }

        // Each round starts with a different one of the three, so whatever drifts during a run (the emulator's
        // heap, the page cache) does not always favour the same one.
        Run? reference = null, md5On = null, md5Off = null;
        for (var round = 0; round < rounds; round++)
        {
            for (var turn = 0; turn < 3; turn++)
            {
                switch ((round + turn) % 3)
                {
                    case 0:
                        reference = Best(reference, await ReferenceAsync(emulator, http, curl, files, throttle));
                        break;
                    case 1:
                        using (var client = NewClient(emulator, throttle, md5: true, capMbps: null))
                        {
                            md5On = Best(md5On, await ModuleAsync(emulator, client, files));
                        }

                        break;
                    default:
                        using (var client = NewClient(emulator, throttle, md5: false, capMbps: null))
                        {
                            md5Off = Best(md5Off, await ModuleAsync(emulator, client, files));
                        }

                        break;
                }
            }
        }

        Console.WriteLine($"  {"",-30} {"wall",8} {"MiB/s",8} {"files/s",8} {"x ref",6} {"CPU/file",10} {"emu/file",10} {"busy",5} {"peak WS",9} {"1st byte",9} {"progress",9}");
        Print(curl is null ? "raw HttpClient (reference)" : "curl --parallel (reference)", reference!, reference!);
        Print("module, Content-MD5 on", md5On!, reference!);
        Print("module, Content-MD5 off", md5Off!, reference!);
    }

    private static async Task CappedAsync(BenchmarkEmulator emulator, HttpClient http, string? curl, IReadOnlyList<string> files, Options options)
    {
        var total = files.Sum(f => new FileInfo(f).Length);
        var cap = options.CapMbps ?? Math.Round(total * 8 / 1e6 / options.CapSeconds, 1);
        var bytes = (long)(cap * 1e6 / 8 * options.CapSeconds);
        var subset = TakeBytes(files, bytes);
        var subsetBytes = subset.Sum(f => new FileInfo(f).Length);
        Console.WriteLine();
        Console.WriteLine($"Capped line, {cap.ToString(Invariant)} Mbit/s, {subset.Count} files ({subsetBytes / 1048576.0:0.0} MiB, about {subsetBytes * 8 / 1e6 / cap:0} s at the cap), {options.LargeThrottle} at a time:");
        Console.WriteLine($"  {"",-42} {"wall",8} {"Mbit/s",8} {"of cap",7} {"after 1st byte",15} {"slowest 5 s",12} {"1st byte",9}");

        using (var client = NewClient(emulator, options.LargeThrottle, md5: true, capMbps: cap))
        {
            PrintCapped($"module capped (-MaximumBandwidth {cap.ToString(Invariant)})", await ModuleAsync(emulator, client, subset), cap);
        }

        using (var client = NewClient(emulator, options.LargeThrottle, md5: false, capMbps: cap))
        {
            Console.WriteLine($"  Ctrl+C during a capped upload: the upload ended {(await CancelLatencyAsync(client, subset)).TotalMilliseconds:0} ms after the cancel");
        }

        // The emulator's uplink: the total cap, and per connection half of it, so one stream alone cannot fill it.
        await RawApi.PatchSettingsAsync(http, emulator, new { storageMbps = cap, storageConnectionMbps = cap / 2 });
        try
        {
            using (var client = NewClient(emulator, options.LargeThrottle, md5: true, capMbps: null))
            {
                PrintCapped("module on the emulator's uplink cap", await ModuleAsync(emulator, client, subset), cap);
            }

            PrintCapped((curl is null ? "raw HttpClient" : "curl --parallel") + " on the emulator's uplink cap", await ReferenceAsync(emulator, http, curl, subset, options.LargeThrottle), cap);
        }
        finally
        {
            await RawApi.PatchSettingsAsync(http, emulator, new { storageMbps = 0, storageConnectionMbps = 0 });
        }

        Console.WriteLine($"  (emulator uplink: {cap.ToString(Invariant)} Mbit/s in total, {(cap / 2).ToString(Invariant)} Mbit/s per connection)");
    }

    /// <summary>Cancels a capped upload once bytes move and times how long the upload takes to end.</summary>
    private static async Task<TimeSpan> CancelLatencyAsync(ImagenClient client, IReadOnlyList<string> files)
    {
        var projectId = (await client.CreateProjectAsync()).ProjectId;
        using var cancel = new CancellationTokenSource();
        var recorder = new ProgressRecorder();
        recorder.Start();
        var upload = client.UploadFilesAsync(projectId, files, recorder, cancellationToken: cancel.Token);
        while (recorder.FirstByte is null || recorder.Elapsed < recorder.FirstByte + TimeSpan.FromSeconds(2))
        {
            await Task.Delay(20);
        }

        var watch = Stopwatch.StartNew();
        cancel.Cancel();
        try
        {
            await upload;
            throw new InvalidOperationException("The upload was not cancelled.");
        }
        catch (OperationCanceledException)
        {
            return watch.Elapsed;
        }
    }

    private static ImagenClient NewClient(BenchmarkEmulator emulator, int throttle, bool md5, double? capMbps) =>
        new(emulator.Settings, new ImagenClientOptions { ThrottleLimit = throttle, UseContentMd5 = md5, MaximumBandwidthMbps = capMbps });

    /// <summary>One module upload into a fresh project, measured: wall, CPU, peak working set, first byte, rate windows.</summary>
    private static async Task<Run> ModuleAsync(BenchmarkEmulator emulator, ImagenClient client, IReadOnlyList<string> files)
    {
        var projectId = (await client.CreateProjectAsync()).ProjectId;
        using var sampler = MemorySampler.Start();
        var recorder = new ProgressRecorder();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var emulatorCpu = EmulatorCpu(emulator);
        var machine = new MachineCpu();
        recorder.Start();
        var summary = await client.UploadFilesAsync(projectId, files, recorder);
        var wall = recorder.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var busy = machine.BusyShare();
        var emulatorUsed = EmulatorCpu(emulator) - emulatorCpu;
        await sampler.StopAsync();
        var peak = sampler.WorkingSetGrowth;
        if (summary.Failed > 0)
        {
            throw new InvalidOperationException($"{summary.Failed} uploads failed, e.g. {summary.Failures[0].Error}");
        }

        var bytes = files.Sum(f => new FileInfo(f).Length);
        ForgetUploads(emulator, projectId);
        return new Run(wall, bytes, files.Count, cpuUsed, peak, recorder.FirstByte, recorder.SlowestWindow(TimeSpan.FromSeconds(5), bytes), recorder.Reports, emulatorUsed, busy);
    }

    /// <summary>The reference: links by raw HTTP, then curl --parallel (or a raw HttpClient) PUTs every file.</summary>
    private static async Task<Run> ReferenceAsync(BenchmarkEmulator emulator, HttpClient http, string? curl, IReadOnlyList<string> files, int throttle)
    {
        var projectId = await RawApi.CreateProjectAsync(http, emulator);
        var emulatorCpu = EmulatorCpu(emulator);
        var machine = new MachineCpu();
        var watch = Stopwatch.StartNew();
        var links = await RawApi.UploadLinksAsync(http, emulator, projectId, files);
        TimeSpan? cpu = null;
        if (curl is null)
        {
            // The raw HttpClient's CPU: what .NET's HTTP stack alone costs per file, the floor for the module.
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            await RawApi.PutAllAsync(http, links, files, throttle);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        }
        else
        {
            cpu = await CurlAsync(curl, links, files, throttle);
        }

        var wall = watch.Elapsed;
        var busy = machine.BusyShare();
        var emulatorUsed = EmulatorCpu(emulator) - emulatorCpu;
        ForgetUploads(emulator, projectId);
        return new Run(wall, files.Sum(f => new FileInfo(f).Length), files.Count, cpu, null, null, null, null, emulatorUsed, busy);
    }

    /// <summary>Runs curl; on Linux returns its CPU time (a shell around it reads its children's times from /proc).</summary>
    private static async Task<TimeSpan?> CurlAsync(string curl, IReadOnlyDictionary<string, string> links, IReadOnlyList<string> files, int throttle)
    {
        var cpuFile = Path.GetTempFileName();
        // A config file, so thousands of transfers fit; each upload-file and output pairs with the url before it.
        var config = Path.GetTempFileName();
        try
        {
            using (var writer = new StreamWriter(config))
            {
                foreach (var file in files)
                {
                    writer.WriteLine($"url = \"{links[Path.GetFileName(file)]}\"");
                    writer.WriteLine($"upload-file = \"{file}\"");
                    writer.WriteLine("output = \"/dev/null\"");
                }
            }

            // Connections open at once (curl otherwise waits to see whether one can multiplex), no "Expect:
            // 100-continue" (HttpClient sends none either) and no Content-Type (the link is signed without one).
            var measured = OperatingSystem.IsLinux() && File.Exists("/bin/sh");
            var start = new ProcessStartInfo(measured ? "/bin/sh" : curl) { RedirectStandardError = true, UseShellExecute = false };
            start.Environment["CPU_FILE"] = cpuFile;
            if (measured)
            {
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("\"$0\" \"$@\"; status=$?; cat /proc/$$/stat > \"$CPU_FILE\"; exit $status");
                start.ArgumentList.Add(curl);
            }

            foreach (var argument in new[] { "--parallel", "--parallel-immediate", "--parallel-max", throttle.ToString(Invariant), "--silent", "--show-error", "--fail", "-H", "Expect:", "-H", "Content-Type:", "--config", config })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"curl failed ({process.ExitCode}): {await errors}");
            }

            return measured ? ChildrenCpu(await File.ReadAllTextAsync(cpuFile)) : null;
        }
        finally
        {
            File.Delete(config);
            File.Delete(cpuFile);
        }
    }

    /// <summary>cutime + cstime of a /proc/PID/stat line (fields 16 and 17, in clock ticks of 1/100 s).</summary>
    private static TimeSpan? ChildrenCpu(string stat)
    {
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 14 && long.TryParse(fields[13], out var user) && long.TryParse(fields[14], out var system)
            ? TimeSpan.FromMilliseconds((user + system) * 10)
            : null;
    }

    /// <summary>The emulator keeps every upload on disk; a finished run's bytes are only in the way of the next.</summary>
    private static void ForgetUploads(BenchmarkEmulator emulator, string projectId)
    {
        try
        {
            Directory.Delete(Path.Combine(emulator.DataDirectory, "projects", projectId), recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A few hundred small files (enough calls for the JIT), or one file per connection when they are large.</summary>
    private static List<string> WarmUpSet(IReadOnlyList<string> files, int throttle) =>
        files.Take(Math.Min(500, Math.Max(throttle, TakeBytes(files, 64L * 1048576).Count))).ToList();

    private static List<string> TakeBytes(IReadOnlyList<string> files, long bytes)
    {
        var taken = new List<string>();
        long sum = 0;
        foreach (var file in files)
        {
            if (sum >= bytes && taken.Count > 0)
            {
                break;
            }

            taken.Add(file);
            sum += new FileInfo(file).Length;
        }

        return taken;
    }

    private static Run? Best(Run? a, Run b) => a is null || b.Wall < a.Wall ? b : a;

    private static void Print(string label, Run run, Run reference)
    {
        var cpu = run.Cpu is TimeSpan c ? $"{c.TotalMilliseconds / run.Files:0.000} ms" : "n/a";
        var peak = run.PeakWorkingSetGrowth is long p ? $"+{p / 1048576.0:0.0} MiB" : "n/a";
        var first = run.FirstByte is TimeSpan f ? $"{f.TotalMilliseconds:0} ms" : "n/a";
        var reports = run.ProgressReports is int n ? n.ToString(Invariant) : "n/a";
        var emulatorCpu = run.EmulatorCpu is TimeSpan e ? $"{e.TotalMilliseconds / run.Files:0.000} ms" : "n/a";
        var busy = run.MachineBusy is double b ? $"{b:0%}" : "n/a";
        Console.WriteLine($"  {label,-30} {run.Wall.TotalSeconds,7:0.00}s {run.Bytes / 1048576.0 / run.Wall.TotalSeconds,8:0.0} {run.Files / run.Wall.TotalSeconds,8:0} {reference.Wall.TotalSeconds / run.Wall.TotalSeconds,6:0.00} {cpu,10} {emulatorCpu,10} {busy,5} {peak,9} {first,9} {reports,9}");
    }

    private static void PrintCapped(string label, Run run, double cap)
    {
        var mbps = run.Bytes * 8 / 1e6 / run.Wall.TotalSeconds;
        var slowest = run.SlowestWindowBytesPerSecond is double s ? $"{s * 8 / 1e6 / cap:0.00} x cap" : "n/a";
        var first = run.FirstByte is TimeSpan f ? $"{f.TotalMilliseconds:0} ms" : "n/a";
        var afterFirst = run.FirstByte is TimeSpan start ? $"{run.Bytes * 8 / 1e6 / (run.Wall - start).TotalSeconds / cap:0.000}" : "n/a";
        Console.WriteLine($"  {label,-42} {run.Wall.TotalSeconds,7:0.0}s {mbps,8:0.0} {mbps / cap,7:0.000} {afterFirst,15} {slowest,12} {first,9}");
    }

    private static string? CurlPath()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, OperatingSystem.IsWindows() ? "curl.exe" : "curl");
            if (folder.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string CurlVersion(string curl)
    {
        using var process = Process.Start(new ProcessStartInfo(curl, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
        var first = process.StandardOutput.ReadLine() ?? "curl";
        process.WaitForExit();
        return string.Join(' ', first.Split(' ').Take(2));
    }

    private static string Affinity(Process process)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsWindows())
        {
            return "any";
        }

        try
        {
            var mask = (long)process.ProcessorAffinity;
            return string.Join(',', Enumerable.Range(0, 64).Where(i => (mask & (1L << i)) != 0));
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "any";
        }
    }

    private static TimeSpan EmulatorCpu(BenchmarkEmulator emulator)
    {
        emulator.Process.Refresh();
        return emulator.Process.TotalProcessorTime;
    }

    private sealed record Run(TimeSpan Wall, long Bytes, int Files, TimeSpan? Cpu, long? PeakWorkingSetGrowth, TimeSpan? FirstByte, double? SlowestWindowBytesPerSecond, int? ProgressReports = null, TimeSpan? EmulatorCpu = null, double? MachineBusy = null);

    /// <summary>Upload progress with timestamps: the first byte on the wire, and throughput per window.</summary>
    private sealed class ProgressRecorder : IProgress<ImagenTransferProgress>
    {
        private readonly List<(TimeSpan At, long Bytes)> _points = new();
        private readonly Stopwatch _watch = new();

        public TimeSpan? FirstByte { get; private set; }

        /// <summary>Progress records received (checksum and upload): what a PowerShell host would draw.</summary>
        public int Reports { get; private set; }

        public TimeSpan Elapsed => _watch.Elapsed;

        public void Start() => _watch.Start();

        public void Report(ImagenTransferProgress value)
        {
            lock (_points)
            {
                Reports++;
                if (value.Operation != "Upload")
                {
                    return;
                }

                var now = _watch.Elapsed;
                if (value.TransferredBytes > 0 && FirstByte is null)
                {
                    FirstByte = now;
                }

                _points.Add((now, value.TransferredBytes));
            }
        }

        /// <summary>The lowest throughput over whole windows between the first byte and the last, or null if too short.</summary>
        public double? SlowestWindow(TimeSpan window, long totalBytes)
        {
            lock (_points)
            {
                if (FirstByte is not TimeSpan first || _points.Count == 0)
                {
                    return null;
                }

                var end = _points[^1].At;
                double? slowest = null;
                for (var start = first; start + window <= end; start += window)
                {
                    var moved = BytesAt(start + window) - BytesAt(start);
                    slowest = Math.Min(slowest ?? double.MaxValue, moved / window.TotalSeconds);
                }

                return slowest;
            }
        }

        private long BytesAt(TimeSpan at)
        {
            long bytes = 0;
            foreach (var point in _points)
            {
                if (point.At > at)
                {
                    break;
                }

                bytes = Math.Max(bytes, point.Bytes);
            }

            return bytes;
        }
    }

    private sealed class Options
    {
        public int LargeCount { get; private set; } = 8;
        public int LargeMiB { get; private set; } = 128;
        public int SmallCount { get; private set; } = 3000;
        public int SmallKiB { get; private set; } = 12;
        public int LargeThrottle { get; private set; } = 4;
        public int SmallThrottle { get; private set; } = 5;
        public int Rounds { get; private set; } = 1;
        public int CapSeconds { get; private set; } = 60;
        public double? CapMbps { get; private set; }
        public string? EmulatorCpus { get; private set; }

        /// <summary>Where the emulator stores uploads: memory (/dev/shm) where there is one, so disk write-back does not vary the figures.</summary>
        public string? EmulatorData { get; private set; } = Directory.Exists("/dev/shm") ? "/dev/shm" : null;
        public string Reference { get; private set; } = "curl";
        public HashSet<string> Only { get; private set; } = new() { "large", "small", "cap" };

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

                var (name, value) = (parts[0].ToLowerInvariant(), parts[1]);
                switch (name)
                {
                    case "large":
                        (options.LargeCount, options.LargeMiB) = Pair(value);
                        break;
                    case "small":
                        (options.SmallCount, options.SmallKiB) = Pair(value);
                        break;
                    case "large-throttle":
                        options.LargeThrottle = int.Parse(value, Invariant);
                        break;
                    case "small-throttle":
                        options.SmallThrottle = int.Parse(value, Invariant);
                        break;
                    case "rounds":
                        options.Rounds = Math.Max(1, int.Parse(value, Invariant));
                        break;
                    case "cap-seconds":
                        options.CapSeconds = int.Parse(value, Invariant);
                        break;
                    case "cap-mbps":
                        options.CapMbps = value == "auto" ? null : double.Parse(value, Invariant);
                        break;
                    case "emulator-cpus":
                        options.EmulatorCpus = value;
                        break;
                    case "emulator-data":
                        options.EmulatorData = value;
                        break;
                    case "reference":
                        options.Reference = value;
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
