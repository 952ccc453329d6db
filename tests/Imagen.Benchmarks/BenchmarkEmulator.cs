using System.Diagnostics;
using System.Text.RegularExpressions;
using Imagen.Core;

namespace Imagen.Benchmarks;

/// <summary>
/// The emulator as a separate process, so the benchmark's own memory and CPU figures are the client's alone.
/// </summary>
public sealed class BenchmarkEmulator : IDisposable
{
    public const string ApiKey = "bench-key-0123456789";

    private readonly Process _process;

    private BenchmarkEmulator(Process process, Uri baseUrl, string dataDirectory)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataDirectory = dataDirectory;
    }

    public Uri BaseUrl { get; }

    /// <summary>The emulator's process (for its CPU time and memory).</summary>
    public Process Process => _process;

    public string DataDirectory { get; }

    public ImagenConnectionSettings Settings => new(BaseUrl, ImagenApiKey.FromPlainText(ApiKey));

    public static Task<BenchmarkEmulator> StartAsync(params string[] extraArguments) => StartPinnedAsync(null, null, extraArguments);

    /// <summary>
    /// Starts the emulator; with <paramref name="cpus"/> (e.g. "1") it runs on those cores only, through taskset; it
    /// keeps its uploads under <paramref name="dataRoot"/> (the temp folder when null).
    /// </summary>
    public static async Task<BenchmarkEmulator> StartPinnedAsync(string? cpus, string? dataRoot, params string[] extraArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Imagen.Emulator.dll");
        var data = Path.Combine(dataRoot ?? Path.GetTempPath(), "imagen-bench-emulator-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo(cpus is null ? "dotnet" : "taskset") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var pinning = cpus is null ? Array.Empty<string>() : new[] { "-c", cpus, "dotnet" };
        foreach (var argument in pinning.Concat(new[] { dll, "--urls", "http://127.0.0.1:0", "--api-key", ApiKey, "--data-dir", data, "--seconds-per-photo", "0" }).Concat(extraArguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emulator.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("The emulator exited before it listened.");
            var match = Regex.Match(line, @"listening on (\S+)");
            if (match.Success)
            {
                // Keep draining stdout so the child never blocks on a full pipe.
                _ = Task.Run(async () => { while (await process.StandardOutput.ReadLineAsync() != null) { } });
                return new BenchmarkEmulator(process, new Uri(match.Groups[1].Value.TrimEnd('/')), data);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
