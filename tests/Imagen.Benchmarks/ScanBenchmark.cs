using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Imagen.Benchmarks;

/// <summary>
/// Issue 15 point 11: the nightly scan over a root of finished shoots and one new shoot. Prints, for the finished
/// shoots, the API calls (the emulator's journal), the files opened by category (strace: photos, results, records,
/// locks, folders listed) and the wall time, against a bare listing of the same folders (in-process, and find) in the
/// same run. The goal: no API call and no file read beyond a directory listing and the records for a shoot that has
/// not changed. Two runs of the nightly job: one timed, one traced (strace slows a process down); each on a fresh copy
/// of the fixture's run store, with a new shoot written for it and a fresh emulator.
/// </summary>
public static class ScanBenchmark
{
    private static readonly string[] TracedCalls = { "openat", "stat", "lstat", "newfstatat", "statx" };

    public static async Task<int> RunAsync(string[] args)
    {
        var shoots = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var photos = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var folder = args.Length > 2 && args[2] != "-" ? Path.GetFullPath(args[2]) : ScanFixture.DefaultFolder(shoots, photos);
        var parallel = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
        var traceWanted = args.Length <= 4 || args[4] != "trace=off";
        var fixture = await ScanFixture.OpenAsync(folder, shoots, photos, parallel);

        var load = LoadAverage();
        var cpu = new MachineCpu();
        var find = Find(fixture.Root);
        var (timed, _) = await ScanOnceAsync(fixture, trace: false);
        var (traced, files) = traceWanted && HasStrace() ? await ScanOnceAsync(fixture, trace: true) : (null, null);
        var busy = cpu.BusyShare();

        Console.WriteLine();
        Console.WriteLine($"Nightly scan, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {shoots} finished shoots x {photos} photos (results saved beside them; {shoots} shoot and {shoots} project records) + 1 new shoot of {photos}");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, load average {load} at the start; all cores {(busy is double b ? b.ToString("0%", CultureInfo.InvariantCulture) : "?")} busy during the runs");
        Console.WriteLine($"{"",-26} {"API calls",9} {"photos",7} {"results",7} {"records",7} {"locks",6} {"folders",7} {"wall",9} {"per shoot",10}");
        Console.WriteLine($"{"",-26} {"",9} {"opened",7} {"opened",7} {"opened",7} {"opened",6} {"listed",7}");
        Row("command (profile)", timed.CommandCalls.Count, files?.Phase("command"), null, 0);
        Row($"{timed.FinishedShoots} finished shoots", timed.FinishedCalls.Count, files?.Phase("finished"), timed.FinishedMs, timed.FinishedShoots);
        Row("1 new shoot", timed.NewCalls.Count, files?.Phase("new"), timed.NewMs, 1);

        var listing = timed.ListingMs.Min();
        Console.WriteLine();
        Console.WriteLine($"Finished shoots: plan {timed.FinishedPrepareMs / 1000:0.00} s, run {timed.FinishedRunMs.Sum() / 1000:0.00} s (slowest shoot {timed.FinishedRunMs.Max():0.0} ms), save {timed.FinishedSaveMs.Sum() / 1000:0.00} s (slowest {timed.FinishedSaveMs.Max():0.0} ms); {timed.FinishedSent} photos sent, {timed.FinishedSaved} results saved, {timed.FinishedWarnings} warnings");
        Console.WriteLine($"Reference: listing the {timed.FinishedShoots} folders with sizes and time stamps took {listing:0} ms in-process (find -printf: {find:0} ms): the scan of the finished shoots is {timed.FinishedMs / listing:0.0}x the in-process listing");
        Console.WriteLine($"Reference: reading every record once (a store of its own) took {timed.RecordsMs:0} ms: the scan is {timed.FinishedMs / (listing + timed.RecordsMs):0.0}x the listing and one read of the records together");
        if (files != null)
        {
            var finished = files.Phase("finished");
            Console.WriteLine($"Traced (finished shoots): {Describe(finished)}");
            Console.WriteLine($"  other files opened, by folder: {string.Join(", ", files.OtherFolders("finished").OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}"))}");
            Console.WriteLine($"Traced run: finished shoots {traced!.FinishedMs / 1000:0.00} s under strace, API calls {traced.FinishedCalls.Count}");
        }
        else
        {
            Console.WriteLine(traceWanted ? "strace is not installed (apt-get install strace): file opens not counted." : "Not traced (trace=off): file opens not counted.");
        }

        Console.WriteLine($"New shoot: {timed.NewSent} photos sent, {timed.NewSaved} results saved; calls: {ScanShoots.Describe(timed.NewCalls)}");
        if (timed.FinishedCalls.Count > 0)
        {
            Console.WriteLine($"Calls for the finished shoots: {ScanShoots.Describe(timed.FinishedCalls)}   <- goal missed");
        }

        var photosOpened = files?.Phase("finished").GetValueOrDefault("photo opened") ?? 0;
        return timed.FinishedCalls.Count == 0 && photosOpened == 0 && timed.FinishedSent == 0 ? 0 : 1;
    }

    private static void Row(string name, int calls, IReadOnlyDictionary<string, int>? opened, double? ms, int shoots)
    {
        string Count(string key) => opened == null ? "-" : opened.GetValueOrDefault(key).ToString(CultureInfo.InvariantCulture);
        var wall = ms is double m ? $"{m / 1000:0.000} s" : string.Empty;
        var perShoot = ms is double p && shoots > 0 ? $"{p / shoots:0.00} ms" : string.Empty;
        Console.WriteLine($"{name,-26} {calls,9} {Count("photo opened"),7} {Count("result opened"),7} {Count("record opened"),7} {Count("lock opened"),6} {Count("folder opened"),7} {wall,9} {perShoot,10}");
    }

    private static string Describe(IReadOnlyDictionary<string, int> counts) =>
        string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key} {c.Value}"));

    /// <summary>One nightly job in a child process over the fixture, a new shoot and a copy of the store, against a fresh emulator.</summary>
    private static async Task<(ScanChildReport Report, FileTrace? Files)> ScanOnceAsync(ScanFixture fixture, bool trace)
    {
        var scratch = Path.Combine(fixture.Folder, "scan-" + Guid.NewGuid().ToString("N")[..8]);
        var store = Path.Combine(scratch, "store");
        var locks = Path.Combine(scratch, "locks");
        var markers = Path.Combine(scratch, "markers");
        var newFolder = Path.Combine(fixture.Root, ScanFixture.ShootName(fixture.ShootCount + 1));
        try
        {
            ScanShoots.CopyFolder(fixture.Store, store);
            ScanShoots.WritePhotos(newFolder, fixture.PhotoCount, seed: Environment.TickCount);
            using var emulator = await BenchmarkEmulator.StartAsync();
            var output = Path.Combine(scratch, "report.json");
            var log = Path.Combine(scratch, "trace.log");
            var child = Path.Combine(AppContext.BaseDirectory, "Imagen.Benchmarks.dll");
            var start = new ProcessStartInfo(trace ? "strace" : "dotnet") { UseShellExecute = false, RedirectStandardError = true };
            var arguments = trace
                ? new[] { "-f", "--seccomp-bpf", "-qq", "-s", "4096", "-e", "trace=" + string.Join(",", TracedCalls), "-e", "signal=none", "-o", log, "dotnet" }
                : Array.Empty<string>();
            foreach (var argument in arguments.Concat(new[] { child, "scan-child", fixture.Root, store, emulator.BaseUrl.ToString(), newFolder, markers, output }))
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment[Imagen.Core.ImagenRunStore.LockPathVariable] = locks;
            using var process = Process.Start(start)!;
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"The scan child exited with {process.ExitCode}: {errors}");
            }

            var report = JsonSerializer.Deserialize<ScanChildReport>(await File.ReadAllTextAsync(output))!;
            return (report, trace ? FileTrace.Read(log, markers, fixture.Root, store, locks) : null);
        }
        finally
        {
            BenchmarkFiles.Delete(newFolder);
            BenchmarkFiles.Delete(scratch);
        }
    }

    /// <summary>The wall time of find listing every file of the shoots with its size and time stamp (milliseconds).</summary>
    private static double Find(string root)
    {
        var start = new ProcessStartInfo("find") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var argument in new[] { root, "-mindepth", "2", "-maxdepth", "2", "-type", "f", "-printf", "%s %T@\n" })
        {
            start.ArgumentList.Add(argument);
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static bool HasStrace() =>
        Environment.GetEnvironmentVariable("PATH")?.Split(':').Any(p => File.Exists(Path.Combine(p, "strace"))) == true;

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
