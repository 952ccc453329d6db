using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>
/// Every route the later SDKs added (§3.7 per-image links, §3.10, §3.11, §4.4), sent with their exact request shapes
/// against the strict emulator: the Python SDK 1.1+ (pydantic <c>exclude_none</c> bodies, <c>/i2i/projects/</c> with a
/// slash, DELETE with a JSON body, query <c>project_source</c>), the Java SDK (explicit <c>"parent_version_id": null</c>),
/// and the Go SDK (no slash on the I2I listing, part PUTs with only a Content-Length).
/// </summary>
public sealed class LaterSdkStyleTests : IAsyncLifetime
{
    private const int MiB = 1024 * 1024;
    private EmulatorServer _server = null!;
    private HttpClient _api = null!;
    private HttpClient _storage = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { Strict = true });
        _api = new HttpClient();
        _api.DefaultRequestHeaders.Add("x-api-key", _server.ApiKey);
        _api.DefaultRequestHeaders.UserAgent.ParseAdd("imagen-ai-sdk/1.2.1");
        _storage = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _storage.Dispose();
        await _server.DisposeAsync();
    }

    private string Url(string path) => _server.BaseUrl + path;

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonNode?> DataAsync(HttpResponseMessage response)
    {
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!["data"];
        }
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        if (json is not null) request.Content = Json(json);
        return await DataAsync(await _api.SendAsync(request));
    }

    private async Task PutAsync(string link, byte[] bytes)
    {
        using var response = await _storage.PutAsync(link, new ByteArrayContent(bytes)); // no Content-Type, no key
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_smart_editing_flow_with_a_multipart_file_succeeds_as_the_sdks_send_it()
    {
        var jpegs = SmartEditKit.Jpegs(5);
        // Python create_i2i_project / validate_i2i_project_name / list_i2i_projects; Go ListI2IProjects.
        Assert.True((bool)(await SendAsync(HttpMethod.Get, "/i2i/projects/is_valid_name?name=Villa%20Rosa"))!["is_valid"]!);
        string project = (string)(await SendAsync(HttpMethod.Post, "/i2i/projects/", """{"name": "Villa Rosa"}"""))!["project_uuid"]!;
        Assert.False((bool)(await SendAsync(HttpMethod.Get, "/i2i/projects/is_valid_name?name=Villa%20Rosa"))!["is_valid"]!);
        Assert.Equal(project, (string)(await SendAsync(HttpMethod.Get, "/i2i/projects?size=20&page=0&is_archived=false"))!["projects"]![0]!["project_uuid"]!);

        // upload_i2i_images: small files in one batch with client_type, the large one multipart.
        string batch = JsonSerializer.Serialize(new { files_list = jpegs.Take(3).Select(j => new { file_name = j.Name }), client_type = "API" });
        var links = (await SendAsync(HttpMethod.Post, $"/i2i/projects/{project}/get_temporary_upload_links", batch))!["files_list"]!.AsArray();
        foreach (var link in links)
            await PutAsync((string)link!["upload_link"]!, await File.ReadAllBytesAsync(jpegs.Single(j => j.Name == (string)link["file_name"]!).Path));
        // get_i2i_upload_link (advanced)
        var single = await SendAsync(HttpMethod.Get, $"/i2i/projects/{project}/get_upload_link?file_name={jpegs[3].Name}");
        await PutAsync((string)single!["upload_link"]!, await File.ReadAllBytesAsync(jpegs[3].Path));
        // upload_i2i_file_multipart: a JPEG padded past 5 MiB so it takes two parts (S3 ignores bytes after EOI).
        byte[] large = [.. await File.ReadAllBytesAsync(jpegs[4].Path), .. new byte[6 * MiB]];
        var created = (await SendAsync(HttpMethod.Post, $"/i2i/projects/{project}/multipart_uploads", $$"""{"file_name": "{{jpegs[4].Name}}", "part_count": 2}"""))!;
        var parts = created["parts"]!.AsArray();
        await PutAsync((string)parts[0]!["upload_url"]!, large[..(5 * MiB)]);
        await PutAsync((string)parts[1]!["upload_url"]!, large[(5 * MiB)..]);
        await SendAsync(HttpMethod.Post, $"/i2i/projects/{project}/multipart_uploads/{(string)created["upload_id"]!}/complete", $$"""{"file_name": "{{jpegs[4].Name}}"}""");
        // abort_i2i_multipart_upload: DELETE with a JSON body holding the key.
        var abandoned = (await SendAsync(HttpMethod.Post, $"/i2i/projects/{project}/multipart_uploads", """{"file_name": "spare.jpg", "part_count": 1}"""))!;
        await SendAsync(HttpMethod.Delete, $"/i2i/projects/{project}/multipart_uploads/{(string)abandoned["upload_id"]!}", $$"""{"key": "{{(string)abandoned["key"]!}}"}""");

        // start_i2i_editing with exclude_none options and the normal JSON content type; wait on the project's status.
        Assert.False(string.IsNullOrEmpty((string?)(await SendAsync(HttpMethod.Post, $"/i2i/projects/{project}/edit", """{"sky_replacement": true, "perspective_correction": true}"""))!["message"]));
        JsonNode? got = null;
        for (int i = 0; i < 600 && (string?)got?["status"] != "Completed"; i++)
        {
            got = await SendAsync(HttpMethod.Get, $"/i2i/projects/{project}?get_thumbnail=false");
            Assert.NotEqual("Failed", (string)got!["status"]!);
            await Task.Delay(20);
        }
        Assert.Equal(5, (int)got!["number_of_images"]!);

        var outputs = (await SendAsync(HttpMethod.Get, $"/i2i/projects/{project}/get_temporary_download_links"))!["files_list"]!.AsArray();
        Assert.Equal(5, outputs.Count);
        string oneLink = (string)(await SendAsync(HttpMethod.Get, $"/i2i/projects/{project}/get_download_link?file_name={jpegs[4].Name}"))!["download_link"]!;
        Assert.NotEmpty(await _storage.GetByteArrayAsync(oneLink));

        // Copilot on the Smart Editing project: project_source I2I.
        var result = (await SendAsync(HttpMethod.Post, $"/projects/{project}/images/{jpegs[0].Name}/copilot",
            """{"instruction": "brighten the room", "project_source": "I2I"}"""))!;
        Assert.Equal("SUCCESS", (string)result["status"]!);

        AssertJournalIsClean();
        Assert.Equal(1, _server.BillableEdits(project));
    }

    [Fact]
    public async Task The_copilot_flow_on_an_exported_project_succeeds_as_the_sdks_send_it()
    {
        using var client = new EmulatorClient(_server);
        string project = await ExportedAsync(client);
        string image = (string)(await SendAsync(HttpMethod.Get, $"/projects/{project}/export/get_temporary_download_links"))!["files_list"]![0]!["file_name"]!;
        string segment = Uri.EscapeDataString(image);

        // Python get_ai_tools: query project_source; Java getAITools the same.
        var tools = (await SendAsync(HttpMethod.Get, $"/projects/{project}/ai-tools?project_source=REGULAR"))!["prompts"]!.AsArray();
        Assert.Contains(tools, t => (string)t!["enhancement_type"]! == "remove_cameraman");
        // Python apply_copilot (exclude_none: no parent on the first call), then chained.
        var first = (await SendAsync(HttpMethod.Post, $"/projects/{project}/images/{segment}/copilot", """{"instruction": "make it warmer", "project_source": "REGULAR"}"""))!;
        var second = (await SendAsync(HttpMethod.Post, $"/projects/{project}/images/{segment}/copilot",
            $$"""{"instruction": "more contrast", "parent_version_id": {{(int)first["version_id"]!}}, "project_source": "REGULAR"}"""))!;
        // Java copilot / enhanceImage: records serialise the null parent explicitly.
        var javaStyle = (await SendAsync(HttpMethod.Post, $"/projects/{project}/images/{segment}/copilot", """{"instruction": "cooler", "parent_version_id": null, "project_source": "REGULAR"}"""))!;
        var enhanced = (await SendAsync(HttpMethod.Post, $"/projects/{project}/images/{segment}/enhance",
            $$"""{"tool_id": "remove_cameraman", "parent_version_id": {{(int)second["version_id"]!}}, "project_source": "REGULAR"}"""))!;
        Assert.NotEmpty(await _storage.GetByteArrayAsync((string)enhanced["enhanced_image_url"]!));
        Assert.NotEmpty(await _storage.GetByteArrayAsync((string)javaStyle["enhanced_image_url"]!));
        // Python reset_copilot: DELETE with {"project_source"}; finalize_project: POST {"project_source"}.
        await SendAsync(HttpMethod.Delete, $"/projects/{project}/images/{segment}/copilot", """{"project_source": "REGULAR"}""");
        var finals = (await SendAsync(HttpMethod.Post, $"/projects/{project}/finalize", """{"project_source": "REGULAR"}"""))!["files_list"]!.AsArray();
        Assert.Equal(2, finals.Count);
        // get_export_upload_link / get_export_download_link (per image, §3.7).
        Assert.Equal(image, (string)(await SendAsync(HttpMethod.Get, $"/projects/{project}/export/get_upload_link?file_name={segment}"))!["file_name"]!);
        Assert.NotNull((string?)(await SendAsync(HttpMethod.Get, $"/projects/{project}/export/get_download_link?file_name={segment}"))!["download_link"]);

        AssertJournalIsClean();
    }

    private static async Task<string> ExportedAsync(EmulatorClient client)
    {
        string project = await client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(2));
        Assert.Equal(200, (await client.EditAsync(project, new { profile_key = 29132 })).Status);
        await client.WaitAsync(project);
        Assert.Equal(200, (await client.PostAsync($"projects/{project}/export")).Status);
        await client.WaitAsync(project, "export");
        return project;
    }

    private void AssertJournalIsClean()
    {
        var journal = _server.Journal;
        Assert.All(journal, e => Assert.True(e.Status is >= 200 and < 300, $"{e.Method} {e.Path}{e.Query}: {e.Status}"));
        Assert.All(journal.Where(e => e.Route!.StartsWith("storage.")), e => Assert.False(e.Headers.ContainsKey("x-api-key")));
        Assert.All(journal.Where(e => e.Path.StartsWith("/v1")), e => Assert.Equal("***", e.Headers["x-api-key"]));
    }

    [Fact]
    public async Task Together_the_two_flows_reach_every_new_route()
    {
        await The_smart_editing_flow_with_a_multipart_file_succeeds_as_the_sdks_send_it();
        await The_copilot_flow_on_an_exported_project_succeeds_as_the_sdks_send_it();

        string[] newRoutes =
        [
            "i2i.create", "i2i.list", "i2i.valid-name", "i2i.get", "i2i.upload-links", "i2i.upload-link", "i2i.multipart.create",
            "i2i.multipart.complete", "i2i.multipart.abort", "i2i.edit", "i2i.links", "i2i.link", "storage.part",
            "copilot", "copilot.reset", "enhance", "ai-tools", "finalize", "export.upload-link", "export.link",
        ];
        var seen = _server.Journal.Select(e => e.Route).ToHashSet();
        Assert.All(newRoutes, r => Assert.True(seen.Contains(r), $"{r} was not exercised"));
    }
}
