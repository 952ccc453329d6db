using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>
/// A client speaking exactly as §4 and §10 describe the official SDKs succeeds against the strict emulator: the
/// Python SDK's calls (no Content-Type and no Content-MD5 on PUT, an empty Content-Type on /edit, no key on storage),
/// and the Go SDK's md5 variant (md5 declared, Content-MD5 sent).
/// </summary>
public sealed class OfficialSdkStyleTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private HttpClient _api = null!;
    private HttpClient _storage = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { Strict = true });
        _api = new HttpClient();
        _api.DefaultRequestHeaders.Add("x-api-key", _server.ApiKey);
        _api.DefaultRequestHeaders.UserAgent.ParseAdd("Imagen-Python-SDK/1.0.0");
        _storage = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _api.Dispose();
        _storage.Dispose();
        await _server.DisposeAsync();
    }

    private string Url(string path) => _server.BaseUrl + path;

    private async Task<JsonNode> JsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.AbsolutePath}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!["data"]!;
    }

    private static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_sdk_flow_succeeds_in_strict_mode(bool declareMd5)
    {
        var photos = TestPhotos.Raw.Take(2).ToList();

        var profiles = await JsonAsync(await _api.GetAsync(Url("/profiles")));
        Assert.Contains(profiles["profiles"]!.AsArray(), p => (int)p!["profile_key"]! == 5700);
        string project = (string)(await JsonAsync(await _api.PostAsync(Url("/projects/"), Json(new { name = "sdk-" + declareMd5 }))))["project_uuid"]!;

        var files = photos.Select(p => declareMd5
            ? (object)new { file_name = Path.GetFileName(p), md5 = Convert.ToBase64String(MD5.HashData(File.ReadAllBytes(p))) }
            : new { file_name = Path.GetFileName(p) }).ToList();
        var links = (await JsonAsync(await _api.PostAsync(Url($"/projects/{project}/get_temporary_upload_links"), Json(new { files_list = files }))))["files_list"]!
            .AsArray().ToDictionary(f => (string)f!["file_name"]!, f => (string)f!["upload_link"]!);
        foreach (string path in photos)
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(path)); // httpx: no Content-Type for raw bytes
            if (declareMd5) content.Headers.ContentMD5 = MD5.HashData(await File.ReadAllBytesAsync(path));
            using var put = await _storage.PutAsync(links[Path.GetFileName(path)], content);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var edit = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new { profile_key = 5700, photography_type = "WEDDING", crop = true, smooth_skin = true }));
        edit.Headers.TryAddWithoutValidation("Content-Type", "");
        await JsonAsync(await _api.PostAsync(Url($"/projects/{project}/edit"), edit));
        await PollAsync($"/projects/{project}/edit/status");
        var editLinks = (await JsonAsync(await _api.GetAsync(Url($"/projects/{project}/edit/get_temporary_download_links"))))["files_list"]!.AsArray();
        foreach (var link in editLinks)
            Assert.NotEmpty(await _storage.GetByteArrayAsync((string)link!["download_link"]!));

        await JsonAsync(await _api.PostAsync(Url($"/projects/{project}/export"), content: null));
        await PollAsync($"/projects/{project}/export/status");
        var exportLinks = (await JsonAsync(await _api.GetAsync(Url($"/projects/{project}/export/get_temporary_download_links"))))["files_list"]!.AsArray();
        Assert.Equal(photos.Count, exportLinks.Count);

        Assert.Equal(1, _server.BillableEdits(project));
        var journal = _server.Journal;
        Assert.All(journal.Where(e => e.Route!.StartsWith("storage.")), e => Assert.False(e.Headers.ContainsKey("x-api-key")));
        Assert.All(journal.Where(e => e.Path.StartsWith("/v1")), e => Assert.Equal("***", e.Headers["x-api-key"]));
        Assert.Equal("", journal.Single(e => e.Route == "edit").Headers["Content-Type"]);
        Assert.All(journal, e => Assert.InRange(e.Status, 200, 299));
    }

    [Fact]
    public async Task The_python_sdk_md5_bug_is_caught_md5_declared_but_no_content_md5_sent()
    {
        string project = (string)(await JsonAsync(await _api.PostAsync(Url("/projects/"), Json(new { }))))["project_uuid"]!;
        byte[] bytes = await File.ReadAllBytesAsync(TestPhotos.Raw[0]);
        var links = (await JsonAsync(await _api.PostAsync(Url($"/projects/{project}/get_temporary_upload_links"),
            Json(new { files_list = new[] { new { file_name = "a.nef", md5 = Convert.ToBase64String(MD5.HashData(bytes)) } } }))))["files_list"]!;

        using var put = await _storage.PutAsync((string)links[0]!["upload_link"]!, new ByteArrayContent(bytes));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await put.Content.ReadAsStringAsync());
    }

    private async Task PollAsync(string path)
    {
        for (int i = 0; i < 600; i++)
        {
            var status = await JsonAsync(await _api.GetAsync(Url(path)));
            if ((string)status["status"]! == "Completed") return;
            Assert.NotEqual("Failed", (string)status["status"]!);
            await Task.Delay(50);
        }
        throw new TimeoutException(path);
    }
}
