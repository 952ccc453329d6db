using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

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

    public void Dispose()
    {
        Api.Dispose();
        Plain.Dispose();
    }
}
