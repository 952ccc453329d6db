using Imagen.Benchmarks;

// Benchmarks print figures and ratios against a reference measured in the same run; they are not pass/fail tests.
// Usage: dotnet run -c Release --project tests/Imagen.Benchmarks -- <mode> [options]
var mode = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (mode)
{
    case "upload":
        return await CoreTransferBenchmark.UploadAsync(rest);
    case "download":
        return await CoreTransferBenchmark.DownloadAsync(rest);
    case "upload-memory":
        return await CoreMemoryBenchmark.RunAsync(rest);
    case "multipart-memory":
        return await MultipartMemoryBenchmark.RunAsync(rest);
    case "emulator-memory":
        return await EmulatorMemoryBenchmark.RunAsync(rest);
    case "chaos":
        return await ChaosBenchmark.RunAsync(rest);
    case "hash":
        return await HashBenchmark.RunAsync(rest);
    case "wire":
        return await WireBenchmark.RunAsync(rest);
    case "scan":
        return await ScanBenchmark.RunAsync(rest);
    case "scan-child":
        return await ScanChild.RunAsync(rest);
    case "autotune":
        return await AutotuneBenchmark.RunAsync(rest);
    default:
        Console.WriteLine("Modes:");
        Console.WriteLine("  upload [files=4] [sizeMB=64] [throttle=4]   Core upload vs raw HttpClient PUT (throughput ratio)");
        Console.WriteLine("  download [files=4] [sizeMB=32] [throttle=4] Core download vs raw HttpClient GET (throughput ratio)");
        Console.WriteLine("  upload-memory [smallMB=64] [largeMB=1024]   client memory growth for a large vs a small upload (ratio)");
        Console.WriteLine("  multipart-memory [sizeMB=512] [throttle=4]  client memory during a multipart upload vs throttle x part size");
        Console.WriteLine("  emulator-memory [smallMiB=64] [largeMiB=1024]  emulator memory growth while receiving an upload (ratio to file size)");
        Console.WriteLine("  chaos [files=500] [rates=0.05,0.10,0.20] [linkLifetimeSec=30]  edit + save under faults on every route: delivered, edits, projects");
        Console.WriteLine("  hash [files=3000] [KiB=12]                  client CPU of Content-MD5: per small file, and per MiB of a large one");
        Console.WriteLine("  wire [large=8x128] [small=3000x12] [cap-seconds=60] [emulator-cpus=1] ...  module vs curl --parallel: wall, ratio,");
        Console.WriteLine("                                              working set, first byte, CPU per file, share of a capped line (wire help: wire ?)");
        Console.WriteLine("  scan [shoots=500] [photos=200] [fixture=-] [parallel=2] [trace=off]  nightly scan of finished shoots + 1 new: API calls, files");
        Console.WriteLine("                                              opened (strace), wall vs a bare listing (the fixture is built once and kept)");
        Console.WriteLine("  autotune [lines=400/40,...] [rounds=2] [only=lines,loopback,latency,memory] ...  automatic concurrency vs fixed 5 and 16:");
        Console.WriteLine("                                              share of simulated lines, loopback, added latency, memory and CPU (help: autotune ?)");
        return mode == "help" ? 0 : 1;
}
