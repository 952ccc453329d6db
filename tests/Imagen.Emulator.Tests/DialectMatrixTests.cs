using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Every API route's error path in every error dialect (§2.2), and its success path in every envelope (§2.1).</summary>
public sealed class DialectMatrixTests
{
    private const string Missing = "ffffffffffffffffffffffff";

    /// <summary>(route, method, path, body, expected status); {p} is an existing project with nothing uploaded.</summary>
    public static readonly TheoryData<string, string, string, object?, int> ErrorCases = new()
    {
        { "projects.create", "POST", "projects/", new { name = "taken" }, 400 },
        { "projects.list", "GET", "projects?size=0", null, 422 },
        { "projects.get", "GET", $"projects/{Missing}", null, 404 },
        { "projects.uuid", "GET", "projects/nobody/uuid", null, 404 },
        { "upload-links", "POST", $"projects/{Missing}/get_temporary_upload_links", new { files_list = new[] { new { file_name = "a.jpg" } } }, 404 },
        { "upload-links", "POST", "projects/{p}/get_temporary_upload_links", new { files_list = new[] { new { file_name = "a.jpg" }, new { file_name = "a.jpg" } } }, 400 },
        { "upload-links", "POST", "projects/{p}/get_temporary_upload_links", new { files = 1 }, 422 },
        { "edit", "POST", $"projects/{Missing}/edit", new { profile_key = 5700 }, 404 },
        { "edit", "POST", "projects/{p}/edit", new { profile_key = 1 }, 400 },
        { "edit", "POST", "projects/{p}/edit", new { profile_key = 5700 }, 400 },
        { "edit", "POST", "projects/{p}/edit", new { crop = true }, 422 },
        { "edit.status", "GET", $"projects/{Missing}/edit/status", null, 404 },
        { "edit.links", "GET", "projects/{p}/edit/get_temporary_download_links", null, 400 },
        { "edit.links", "GET", $"projects/{Missing}/edit/get_temporary_download_links", null, 404 },
        { "export", "POST", "projects/{p}/export", null, 400 },
        { "export", "POST", $"projects/{Missing}/export", null, 404 },
        { "export.status", "GET", $"projects/{Missing}/export/status", null, 404 },
        { "export.links", "GET", "projects/{p}/export/get_temporary_download_links", null, 400 },
        { "export.link", "GET", "projects/{p}/export/get_download_link", null, 422 },
        { "export.link", "GET", "projects/{p}/export/get_download_link?file_name=a.jpg", null, 400 },
        { "export.upload-link", "GET", "projects/{p}/export/get_upload_link?file_name=a.jpg", null, 400 },
        { "export.upload-link", "GET", "projects/{p}/export/get_upload_link", null, 422 },
        { "i2i.create", "POST", "i2i/projects/", new { name = "taken" }, 400 },
        { "i2i.list", "GET", "i2i/projects?page=-1", null, 422 },
        { "i2i.valid-name", "GET", "i2i/projects/is_valid_name", null, 422 },
        { "i2i.get", "GET", $"i2i/projects/{Missing}", null, 404 },
        { "i2i.upload-links", "POST", "i2i/projects/{i}/get_temporary_upload_links", new { files_list = new[] { new { file_name = "a.nef" } } }, 400 },
        { "i2i.upload-link", "GET", "i2i/projects/{i}/get_upload_link", null, 422 },
        { "i2i.multipart.create", "POST", "i2i/projects/{i}/multipart_uploads", new { file_name = "a.jpg", part_count = 0 }, 422 },
        { "i2i.multipart.complete", "POST", "i2i/projects/{i}/multipart_uploads/nope/complete", new { file_name = "a.jpg" }, 404 },
        { "i2i.multipart.abort", "DELETE", "i2i/projects/{i}/multipart_uploads/nope", new { key = "k" }, 404 },
        { "i2i.edit", "POST", "i2i/projects/{i}/edit", new { }, 400 },
        { "i2i.edit", "POST", "i2i/projects/{i}/edit", new { hdr_merge = "x" }, 422 },
        { "i2i.links", "GET", "i2i/projects/{i}/get_temporary_download_links", null, 400 },
        { "i2i.link", "GET", "i2i/projects/{i}/get_download_link?file_name=a.jpg", null, 400 },
        { "copilot", "POST", "projects/{p}/images/a.jpg/copilot", new { instruction = "brighter", project_source = "REGULAR" }, 400 },
        { "copilot", "POST", "projects/{p}/images/a.jpg/copilot", new { project_source = "REGULAR" }, 422 },
        { "copilot.reset", "DELETE", "projects/{i}/images/a.jpg/copilot", new { project_source = "I2I" }, 400 },
        { "enhance", "POST", $"projects/{Missing}/images/a.jpg/enhance", new { tool_id = "brighten" }, 404 },
        { "ai-tools", "GET", "projects/{p}/ai-tools?project_source=REGULAR", null, 400 },
        { "finalize", "POST", "projects/{p}/finalize", new { project_source = "NOPE" }, 422 },
        { "unknown", "GET", "no/such/route", null, 404 },
    };

    [Theory]
    [MemberData(nameof(ErrorCases))]
    public async Task Error_paths_answer_in_each_dialect(string route, string method, string path, object? body, int expected)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorClient(server);
        await client.CreateProjectAsync("taken");
        string project = await client.CreateProjectAsync();
        await client.CreateSmartProjectAsync("taken");
        string smart = await client.CreateSmartProjectAsync();
        foreach (string dialect in ErrorDialects.All)
        {
            server.Update(o => o.ErrorDialect = dialect);

            var (status, json) = await client.SendAsync(new HttpMethod(method), path.Replace("{p}", project).Replace("{i}", smart), body);

            Assert.True(expected == status, $"{route} in {dialect}: expected {expected}, got {status} {json?.ToJsonString()}");
            AssertDialect(dialect, json!.AsObject(), $"{route} {path}");
        }
    }

    private static void AssertDialect(string dialect, JsonObject body, string what)
    {
        switch (dialect)
        {
            case "detail":
                Assert.Equal(["detail"], body.Select(p => p.Key));
                Assert.True(body["detail"] is JsonArray || !string.IsNullOrWhiteSpace((string?)body["detail"]), what);
                break;
            case "error":
                Assert.Equal(["error"], body.Select(p => p.Key));
                Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["message"]), what);
                break;
            case "error-string":
                Assert.Equal(["error"], body.Select(p => p.Key));
                Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]), what);
                break;
            default:
                Assert.Equal(["error", "detail"], body.Select(p => p.Key));
                Assert.False(string.IsNullOrWhiteSpace((string?)body["error"]!["message"]), what);
                break;
        }
    }

    [Theory]
    [InlineData("data")]
    [InlineData("bare")]
    [InlineData("list")]
    public async Task Success_paths_use_the_envelope(string envelope)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Envelope = envelope });
        using var client = new EmulatorClient(server);
        JsonNode Payload(JsonNode? body) => envelope == "data" ? body!["data"]! : body!;

        var (_, created) = await client.PostAsync("projects/", new { name = "shoot" });
        string project = (string)Payload(created)["project_uuid"]!;
        var (_, links) = await client.PostAsync($"projects/{project}/get_temporary_upload_links", new { files_list = new[] { new { file_name = "a.jpg" } } });
        using (await client.PutAsync((string)Payload(links)["files_list"]![0]!["upload_link"]!, await File.ReadAllBytesAsync(TestPhotos.Jpeg[0]))) { }
        var (_, listed) = await client.GetAsync("projects");
        var (_, one) = await client.GetAsync($"projects/{project}");
        var (_, resolved) = await client.GetAsync("projects/shoot/uuid");
        var (_, ack) = await client.EditAsync(project, new { profile_key = 29132 });
        await WaitForAsync(client, project, envelope);
        var (_, status) = await client.GetAsync($"projects/{project}/edit/status");
        var (_, editLinks) = await client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        var (_, profiles) = await client.GetAsync("profiles");
        var (_, templates) = await client.GetAsync("projects/sky_replacement/templates");

        Assert.Equal(project, (string)Payload(listed)["projects"]![0]!["project_uuid"]!);
        Assert.Equal("shoot", (string)Payload(one)["name"]!);
        Assert.Equal(project, (string)Payload(resolved)["project_uuid"]!);
        Assert.Equal("Project sent to edit", (string)Payload(ack)["message"]!);
        Assert.Equal("Completed", (string)Payload(status)["status"]!);
        Assert.Equal("a.jpg", (string)Payload(editLinks)["files_list"]![0]!["file_name"]!);
        if (envelope == "list")
        {
            Assert.IsType<JsonArray>(profiles);
            Assert.IsType<JsonArray>(templates);
        }
        else
        {
            Assert.NotEmpty(Payload(profiles)["profiles"]!.AsArray());
            Assert.NotEmpty(Payload(templates)["templates"]!.AsArray());
        }
    }

    private static async Task WaitForAsync(EmulatorClient client, string project, string envelope)
    {
        for (int i = 0; i < 500; i++)
        {
            var (_, body) = await client.GetAsync($"projects/{project}/edit/status");
            var payload = envelope == "data" ? body!["data"]! : body!;
            if ((string)payload["status"]! == "Completed") return;
            await Task.Delay(20);
        }
        throw new TimeoutException();
    }
}
