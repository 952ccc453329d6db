using System.Net;
using System.Security.Cryptography;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>The in-process host: its data folder, its settings, and concurrent use.</summary>
public sealed class EmulatorServerTests
{
    [Fact]
    public async Task A_temporary_data_folder_is_removed_on_dispose_and_a_given_one_is_kept()
    {
        string given = Path.Combine(Path.GetTempPath(), "imagen-given-" + Guid.NewGuid().ToString("N"));
        string temporary;
        await using (var server = await EmulatorServer.StartAsync())
        {
            temporary = server.DataDirectory;
            Assert.True(Directory.Exists(temporary));
        }
        await using (var server = await EmulatorServer.StartAsync(new EmulatorOptions { DataDirectory = given }))
        {
            using var client = new EmulatorClient(server);
            await client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(1));
        }

        Assert.False(Directory.Exists(temporary));
        Assert.NotEmpty(Directory.GetFiles(given, "*", SearchOption.AllDirectories));
        Directory.Delete(given, true);
    }

    [Fact]
    public async Task Invalid_options_are_refused_before_anything_starts()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => EmulatorServer.StartAsync(new EmulatorOptions { ErrorDialect = "xml" }));

        Assert.Contains("ErrorDialect", error.Message);
    }

    [Fact]
    public async Task Two_servers_run_side_by_side_with_their_own_keys_and_state()
    {
        await using var first = await EmulatorServer.StartAsync();
        await using var second = await EmulatorServer.StartAsync();
        using var firstClient = new EmulatorClient(first);
        using var secondClient = new EmulatorClient(second);

        await firstClient.CreateProjectAsync("only-here");
        var (status, _) = await secondClient.GetAsync("projects/only-here/uuid");

        Assert.NotEqual(first.BaseUrl, second.BaseUrl);
        Assert.NotEqual(first.ApiKey, second.ApiKey);
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task Concurrent_uploads_to_one_project_all_land_intact()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorClient(server);
        string project = await client.CreateProjectAsync();
        var files = Enumerable.Range(1, 12).Select(i => ($"IMG_{i:D4}.jpg", RandomNumberGenerator.GetBytes(200_000 + i))).ToList();
        var links = await client.UploadLinksAsync(project, files.Select(f => (f.Item1, (string?)Convert.ToBase64String(MD5.HashData(f.Item2)))).ToArray());

        var responses = await Task.WhenAll(files.Select(async f =>
        {
            using var response = await client.PutAsync(links[f.Item1], f.Item2, contentMd5: Convert.ToBase64String(MD5.HashData(f.Item2)));
            return response.StatusCode;
        }));

        Assert.All(responses, s => Assert.Equal(HttpStatusCode.OK, s));
        var state = (await client.AdminGetAsync("projects")).AsArray().Single()!["files"]!.AsArray();
        Assert.Equal(12, state.Count);
        foreach (var (name, bytes) in files)
        {
            var file = state.Single(f => (string)f!["fileName"]! == name)!;
            Assert.True((bool)file["uploaded"]!);
            Assert.Equal(bytes.Length, (long)file["length"]!);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(bytes)), (string)file["md5Hex"]!);
        }
    }
}
