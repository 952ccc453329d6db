using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>The emulator as a program: the way the README, build.ps1 and the benchmarks start it.</summary>
public sealed class EmulatorProcessTests
{
    private static readonly string EmulatorDll = Path.Combine(AppContext.BaseDirectory, "Imagen.Emulator.dll");

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(EmulatorDll);
        foreach (string arg in args) info.ArgumentList.Add(arg);
        return Process.Start(info)!;
    }

    [Fact]
    public async Task It_prints_its_base_url_and_key_and_serves_with_command_line_switches()
    {
        // A data folder of the test's own: the process is killed, so it cannot clean up a temporary one itself.
        string data = Path.Combine(Path.GetTempPath(), "imagen-process-test-" + Guid.NewGuid().ToString("N"));
        using var process = Start("--urls", "http://127.0.0.1:0", "--api-key", "cli-key", "--envelope", "list", "--error-dialect", "detail", "--data-dir", data);
        try
        {
            string? listening = null, key = null;
            while ((listening is null || key is null) && await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("Imagen emulator listening on ")) listening = line["Imagen emulator listening on ".Length..];
                if (line.StartsWith("API key: ")) key = line["API key: ".Length..];
            }
            Assert.NotNull(listening);
            Assert.Matches(@"^http://127\.0\.0\.1:\d+/v1$", listening);
            Assert.Equal("cli-key", key);

            using var http = new HttpClient();
            http.DefaultRequestHeaders.Add("x-api-key", key);
            var profiles = JsonNode.Parse(await http.GetStringAsync(listening + "/profiles/"));
            using var denied = new HttpClient();
            var error = JsonNode.Parse(await (await denied.GetAsync(listening + "/profiles")).Content.ReadAsStringAsync());

            Assert.IsType<JsonArray>(profiles);
            Assert.Equal("Missing API key: send it in the x-api-key header.", (string)error!["detail"]!);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task Generate_samples_writes_the_photos_and_exits()
    {
        string folder = Path.Combine(Path.GetTempPath(), "imagen-samples-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var process = Start("--generate-samples", folder, "--count", "3", "--kind", "jpeg", "--seed", "5");
            string output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(0, process.ExitCode);
            var files = Directory.GetFiles(folder);
            Assert.Equal(3, files.Length);
            Assert.All(files, f => Assert.EndsWith(".jpg", f, StringComparison.OrdinalIgnoreCase));
            Assert.Equal(3, output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }

    [Fact]
    public async Task A_bad_switch_exits_with_a_message_naming_it()
    {
        using var process = Start("--envelope", "xml");
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("Envelope must be one of data, bare, list, not 'xml'", error);
    }
}
