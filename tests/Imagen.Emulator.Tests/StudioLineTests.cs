using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Imagen.Emulator.CommandLine;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>
/// Issue #10 point 5: the storage throughput caps that emulate a studio's line. The time checks are lower bounds
/// (a capped transfer cannot finish sooner than its size allows), never upper limits on a busy machine.
/// </summary>
public sealed class StudioLineTests : IDisposable
{
    /// <summary>The burst an idle line may bank, plus slack for the clocks' resolution.</summary>
    private static readonly TimeSpan Allowance = TimeSpan.FromMilliseconds(100);

    private readonly string _settingsFile = Path.Combine(Path.GetTempPath(), "imagen-line-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_settingsFile);

    private static TimeSpan AtLeast(long bytes, double megabitsPerSecond) => TimeSpan.FromSeconds(bytes * 8 / (megabitsPerSecond * 1_000_000)) - Allowance;

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    [Fact]
    public void The_line_switches_come_from_the_command_line_and_the_settings_file()
    {
        File.WriteAllText(_settingsFile, """{ "storageMbps": 100, "StorageConnectionMbps": 40 }""");

        var fromLine = CommandLineParser.Parse(["--storage-mbps", "250.5", "--storage-connection-mbps", "80"]).Options;
        var fromFile = CommandLineParser.Parse(["--settings", _settingsFile]).Options;
        var overridden = CommandLineParser.Parse(["--settings", _settingsFile, "--storage-mbps", "0"]).Options;

        Assert.Equal((250.5, 80.0), (fromLine.StorageMbps, fromLine.StorageConnectionMbps));
        Assert.Equal((100.0, 40.0), (fromFile.StorageMbps, fromFile.StorageConnectionMbps));
        Assert.Equal((0.0, 40.0), (overridden.StorageMbps, overridden.StorageConnectionMbps));
        Assert.Equal((0.0, 0.0), (new EmulatorOptions().StorageMbps, new EmulatorOptions().StorageConnectionMbps));
    }

    [Theory]
    [InlineData("--storage-mbps", "-1", "StorageMbps")]
    [InlineData("--storage-connection-mbps", "-0.5", "StorageConnectionMbps")]
    [InlineData("--storage-mbps", "fast", "--storage-mbps")]
    public void A_bad_line_speed_is_refused_naming_the_switch(string name, string value, string named)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLineParser.Parse([name, value]));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public async Task The_line_can_be_changed_while_running_and_a_bad_speed_is_refused()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorClient(server);

        using var patched = await client.AdminSendAsync(HttpMethod.Patch, "settings", new { storageMbps = 120, storageConnectionMbps = 30 });
        using var refused = await client.AdminSendAsync(HttpMethod.Patch, "settings", new { storageMbps = -5 });

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("StorageMbps", await refused.Content.ReadAsStringAsync());
        var settings = await client.AdminGetAsync("settings");
        Assert.Equal((120.0, 30.0), ((double)settings["storageMbps"]!, (double)settings["storageConnectionMbps"]!));
    }

    [Fact]
    public async Task A_connection_cap_paces_an_upload_and_keeps_every_byte()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { StorageConnectionMbps = 16 });
        using var client = new EmulatorClient(server);
        string project = await client.CreateProjectAsync();
        var links = await client.UploadLinksAsync(project, ("DSC_0001.NEF", null));
        byte[] payload = Bytes(2 * 1024 * 1024, 1);

        var watch = Stopwatch.StartNew();
        using var response = await client.PutAsync(links["DSC_0001.NEF"], payload, Convert.ToBase64String(MD5.HashData(payload)));
        watch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(payload, await File.ReadAllBytesAsync(Directory.GetFiles(Path.Combine(server.DataDirectory, "projects", project, "upload")).Single()));
        Assert.True(watch.Elapsed >= AtLeast(payload.Length, 16), $"2 MiB at 16 Mbit/s took {watch.Elapsed.TotalSeconds:0.000} s");
    }

    [Fact]
    public async Task The_total_cap_is_shared_by_concurrent_connections()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { StorageMbps = 16 });
        using var client = new EmulatorClient(server);
        string project = await client.CreateProjectAsync();
        var links = await client.UploadLinksAsync(project, ("A_0001.NEF", null), ("B_0001.NEF", null), ("C_0001.NEF", null));
        byte[] payload = Bytes(700 * 1024, 2);

        // Three connections of 700 KiB each: alone each would take 0.36 s; together they share 16 Mbit/s.
        var watch = Stopwatch.StartNew();
        var responses = await Task.WhenAll(links.Values.Select(link => client.PutAsync(link, payload)));
        watch.Stop();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(watch.Elapsed >= AtLeast(3L * payload.Length, 16), $"3 x 700 KiB at 16 Mbit/s in total took {watch.Elapsed.TotalSeconds:0.000} s");
        foreach (var response in responses) response.Dispose();
    }

    [Fact]
    public async Task A_capped_download_is_paced_and_still_serves_ranges()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { SecondsPerPhoto = 0 });
        using var client = new EmulatorClient(server);
        // A JPEG with 512 KiB after its end marker: the edit output (the JPEG with XMP embedded) is as large.
        string large = Path.Combine(Path.GetTempPath(), "imagen-line-" + Guid.NewGuid().ToString("N")[..8], "LARGE_0001.jpg");
        Directory.CreateDirectory(Path.GetDirectoryName(large)!);
        File.WriteAllBytes(large, File.ReadAllBytes(TestPhotos.Jpeg.First()).Concat(Bytes(512 * 1024, 3)).ToArray());
        string project = await client.CreateProjectWithFilesAsync([large]);
        Directory.Delete(Path.GetDirectoryName(large)!, recursive: true);
        Assert.Equal(200, (await client.EditAsync(project, new { profile_key = 29132 })).Status);
        await client.WaitAsync(project);
        var (_, links) = await client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        string link = (string)EmulatorClient.Data(links)["files_list"]![0]!["download_link"]!;
        byte[] unpaced = await client.Plain.GetByteArrayAsync(link);

        server.Update(o => o.StorageConnectionMbps = 8);
        var watch = Stopwatch.StartNew();
        byte[] paced = await client.Plain.GetByteArrayAsync(link);
        watch.Stop();
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, link);
        rangeRequest.Headers.Range = new RangeHeaderValue(10, 109);
        using var partial = await client.Plain.SendAsync(rangeRequest);

        Assert.Equal(unpaced, paced);
        Assert.True(paced.Length > 512 * 1024);
        Assert.True(watch.Elapsed >= AtLeast(paced.Length, 8), $"{paced.Length} bytes at 8 Mbit/s took {watch.Elapsed.TotalSeconds:0.000} s");
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(unpaced[10..110], await partial.Content.ReadAsByteArrayAsync());
    }
}
