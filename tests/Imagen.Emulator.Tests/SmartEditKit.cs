using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Smart Editing and Copilot set-ups for the contract tests, spoken over the wire like the later SDKs (§3.10, §3.11).</summary>
public static class SmartEditKit
{
    /// <summary>Six distinct JPEG names over the sample JPEGs (Smart Editing needs at least five).</summary>
    public static IReadOnlyList<(string Name, string Path)> Jpegs(int count = 6) =>
        Enumerable.Range(0, count).Select(i => ($"shot_{i + 1:D2}.jpg", TestPhotos.Jpeg[i % TestPhotos.Jpeg.Count])).ToList();

    public static async Task<string> CreateSmartProjectAsync(this EmulatorClient client, string? name = null)
    {
        var (status, body) = await client.PostAsync("i2i/projects/", name is null ? new { } : new { name });
        Assert.True(status == 200, $"create i2i project: {status} {body?.ToJsonString()}");
        return (string)EmulatorClient.Data(body)["project_uuid"]!;
    }

    /// <summary>Uploads <paramref name="count"/> JPEGs through one batch of links.</summary>
    public static async Task UploadJpegsAsync(this EmulatorClient client, string project, int count = 6)
    {
        var files = Jpegs(count);
        var (status, body) = await client.PostAsync($"i2i/projects/{project}/get_temporary_upload_links",
            new { files_list = files.Select(f => new { file_name = f.Name }), client_type = "API" });
        Assert.True(status == 200, $"i2i upload links: {status} {body?.ToJsonString()}");
        var links = EmulatorClient.Data(body)["files_list"]!.AsArray().ToDictionary(f => (string)f!["file_name"]!, f => (string)f!["upload_link"]!);
        foreach (var (name, path) in files)
        {
            using var put = await client.PutAsync(links[name], await File.ReadAllBytesAsync(path));
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }
    }

    /// <summary>Polls the project's own <c>status</c> until Completed or Failed; returns every status seen.</summary>
    public static async Task<List<string>> WaitSmartAsync(this EmulatorClient client, string project)
    {
        var seen = new List<string>();
        for (int i = 0; i < 1500; i++)
        {
            var (status, body) = await client.GetAsync($"i2i/projects/{project}");
            Assert.Equal(200, status);
            string state = (string)EmulatorClient.Data(body)["status"]!;
            seen.Add(state);
            if (state is "Completed" or "Failed") return seen;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Smart Edit of {project} did not finish: {seen.LastOrDefault()}");
    }

    public static async Task<string> CompletedSmartProjectAsync(this EmulatorClient client, int count = 6)
    {
        string project = await client.CreateSmartProjectAsync();
        await client.UploadJpegsAsync(project, count);
        var (status, body) = await client.PostAsync($"i2i/projects/{project}/edit", new { });
        Assert.True(status == 200, $"i2i edit: {status} {body?.ToJsonString()}");
        Assert.Equal("Completed", (await client.WaitSmartAsync(project))[^1]);
        return project;
    }

    /// <summary>A regular JPEG project, edited with a JPG profile and exported (Copilot's precondition).</summary>
    public static async Task<string> ExportedProjectAsync(this EmulatorClient client, bool export = true)
    {
        string project = await client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(2));
        var (status, _) = await client.EditAsync(project, new { profile_key = 29132 });
        Assert.Equal(200, status);
        await client.WaitAsync(project);
        if (!export) return project;
        Assert.Equal(200, (await client.PostAsync($"projects/{project}/export")).Status);
        await client.WaitAsync(project, "export");
        return project;
    }

    public static async Task<(int Status, JsonNode? Body)> DeleteAsync(this EmulatorClient client, string path, object body) =>
        await client.SendAsync(HttpMethod.Delete, path, body);
}
