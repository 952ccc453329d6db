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
    default:
        Console.WriteLine("Modes:");
        Console.WriteLine("  upload [files=4] [sizeMB=64] [throttle=4]   Core upload vs raw HttpClient PUT (throughput ratio)");
        Console.WriteLine("  download [files=4] [sizeMB=32] [throttle=4] Core download vs raw HttpClient GET (throughput ratio)");
        Console.WriteLine("  upload-memory [smallMB=64] [largeMB=1024]   client memory growth for a large vs a small upload (ratio)");
        Console.WriteLine("  multipart-memory [sizeMB=512] [throttle=4]  client memory during a multipart upload vs throttle x part size");
        Console.WriteLine("  emulator-memory [smallMiB=64] [largeMiB=1024]  emulator memory growth while receiving an upload (ratio to file size)");
        return mode == "help" ? 0 : 1;
}
