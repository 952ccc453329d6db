using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Net;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>
/// A small raw-HTTP client for contract tests: it speaks the wire format directly (no Core code), so the tests show
/// exactly what goes over the wire.
/// </summary>
public sealed class EmulatorClient : IDisposable
{
    private readonly EmulatorServer _server;

    public EmulatorClient(EmulatorServer server)
    {
        _server = server;
        Api = new HttpClient { BaseAddress = new Uri(server.BaseUrl + "/") };
        Api.DefaultRequestHeaders.Add("x-api-key", server.ApiKey);
        Plain = new HttpClient();
    }

    /// <summary>Carries the API key; relative paths resolve under <c>/v1/</c>.</summary>
    public HttpClient Api { get; }

    /// <summary>No API key: storage links and admin routes.</summary>
    public HttpClient Plain { get; }

    public Uri Admin(string path) => new(_server.RootUrl, "admin/" + path.TrimStart('/'));

    public static StringContent JsonBody(object body) =>
        new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public async Task<(int Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonBody(body);
        using var response = await Api.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public Task<(int Status, JsonNode? Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<(int Status, JsonNode? Body)> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    /// <summary>Unwraps the <c>data</c> envelope the default dialect uses.</summary>
    public static JsonNode Data(JsonNode? body) => body?["data"] ?? throw new Xunit.Sdk.XunitException($"No data envelope in {body?.ToJsonString()}");

    public static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public async Task<JsonNode> AdminGetAsync(string path)
    {
        using var response = await Plain.GetAsync(Admin(path));
        response.EnsureSuccessStatusCode();
        return (await ReadJsonAsync(response))!;
    }

    public async Task<HttpResponseMessage> AdminSendAsync(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, Admin(path));
        if (body is not null) request.Content = JsonBody(body);
        return await Plain.SendAsync(request);
    }

    // ---- The regular flow, spoken the way the official SDKs speak it (§4, §10) ----

    public async Task<string> CreateProjectAsync(string? name = null)
    {
        var (status, body) = await PostAsync("projects/", name is null ? new { } : new { name });
        Assert.True(status == 200, $"create project: {status} {body?.ToJsonString()}");
        return (string)Data(body)["project_uuid"]!;
    }

    /// <summary>Requests upload links; returns name -> link.</summary>
    public async Task<Dictionary<string, string>> UploadLinksAsync(string projectUuid, params (string Name, string? Md5)[] files)
    {
        var (status, body) = await PostAsync($"projects/{projectUuid}/get_temporary_upload_links",
            new { files_list = files.Select(f => f.Md5 is null ? (object)new { file_name = f.Name } : new { file_name = f.Name, md5 = f.Md5 }) });
        Assert.True(status == 200, $"upload links: {status} {body?.ToJsonString()}");
        return Data(body)["files_list"]!.AsArray().ToDictionary(f => (string)f!["file_name"]!, f => (string)f!["upload_link"]!);
    }

    /// <summary>A raw-bytes PUT without x-api-key; by default with no Content-Type at all (the Python SDK).</summary>
    public async Task<HttpResponseMessage> PutAsync(string link, byte[] bytes, string? contentMd5 = null, string? contentType = null)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null) content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        if (contentMd5 is not null) content.Headers.TryAddWithoutValidation("Content-MD5", contentMd5);
        return await Plain.PutAsync(link, content);
    }

    /// <summary>Creates a project and uploads <paramref name="paths"/> to it.</summary>
    public async Task<string> CreateProjectWithFilesAsync(IEnumerable<string> paths, string? name = null)
    {
        string projectUuid = await CreateProjectAsync(name);
        var list = paths.ToList();
        var links = await UploadLinksAsync(projectUuid, list.Select(p => (Path.GetFileName(p), (string?)null)).ToArray());
        foreach (string path in list)
        {
            using var response = await PutAsync(links[Path.GetFileName(path)], await File.ReadAllBytesAsync(path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        return projectUuid;
    }

    /// <summary>POST /edit with an explicitly empty Content-Type, as the SDKs do (§2.5).</summary>
    public async Task<(int Status, JsonNode? Body)> EditAsync(string projectUuid, object body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "");
        using var response = await Api.PostAsync($"projects/{projectUuid}/edit", content);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    /// <summary>Polls <c>{kind}/status</c> until Completed or Failed; returns every status seen.</summary>
    public async Task<List<JsonNode>> WaitAsync(string projectUuid, string kind = "edit", int timeoutSeconds = 60)
    {
        var seen = new List<JsonNode>();
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var (status, body) = await GetAsync($"projects/{projectUuid}/{kind}/status");
            Assert.Equal(200, status);
            var data = Data(body);
            seen.Add(data);
            if ((string)data["status"]! is "Completed" or "Failed" or "COMPLETED" or "FAILED") return seen;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{kind} of {projectUuid} did not finish: {seen.LastOrDefault()?.ToJsonString()}");
    }

    public void Dispose()
    {
        Api.Dispose();
        Plain.Dispose();
    }
}
