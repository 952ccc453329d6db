using System.Text;
using System.Text.Json;

namespace Imagen.Benchmarks;

/// <summary>
/// The API calls a reference uploader needs, made with a plain HttpClient: create a project and ask for its upload
/// links. The references (raw HttpClient, curl) then PUT to the links exactly as the module does.
/// </summary>
public static class RawApi
{
    public static async Task<string> CreateProjectAsync(HttpClient http, BenchmarkEmulator emulator)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, emulator.BaseUrl + "/projects/") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        create.Headers.Add("x-api-key", BenchmarkEmulator.ApiKey);
        using var created = await http.SendAsync(create);
        created.EnsureSuccessStatusCode();
        return Payload(await created.Content.ReadAsStringAsync()).GetProperty("project_uuid").GetString()!;
    }

    /// <summary>One upload link per file name (no md5 declared: the references send no Content-MD5).</summary>
    public static async Task<Dictionary<string, string>> UploadLinksAsync(HttpClient http, BenchmarkEmulator emulator, string projectId, IEnumerable<string> files)
    {
        var body = JsonSerializer.Serialize(new { files_list = files.Select(f => new { file_name = Path.GetFileName(f) }) });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{emulator.BaseUrl}/projects/{projectId}/get_temporary_upload_links") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("x-api-key", BenchmarkEmulator.ApiKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return Payload(await response.Content.ReadAsStringAsync()).GetProperty("files_list").EnumerateArray()
            .ToDictionary(e => e.GetProperty("file_name").GetString()!, e => e.GetProperty("upload_link").GetString()!);
    }

    /// <summary>The raw HttpClient reference: each file PUT as a plain StreamContent, <paramref name="throttle"/> at a time.</summary>
    public static async Task PutAllAsync(HttpClient http, IReadOnlyDictionary<string, string> links, IReadOnlyList<string> files, int throttle)
    {
        using var gate = new SemaphoreSlim(throttle);
        await Task.WhenAll(files.Select(async file =>
        {
            await gate.WaitAsync();
            try
            {
                await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
                using var content = new StreamContent(stream, 81920);
                content.Headers.TryAddWithoutValidation("Content-Type", string.Empty);
                using var response = await http.PutAsync(links[Path.GetFileName(file)], content);
                response.EnsureSuccessStatusCode();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    /// <summary>Changes the running emulator's settings (PATCH /admin/settings).</summary>
    public static async Task PatchSettingsAsync(HttpClient http, BenchmarkEmulator emulator, object settings)
    {
        using var content = new StringContent(JsonSerializer.Serialize(settings), Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri(emulator.BaseUrl, "/admin/settings")) { Content = content };
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    public static HttpClient CreateHttpClient() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = Timeout.InfiniteTimeSpan };

    private static JsonElement Payload(string json)
    {
        var root = JsonDocument.Parse(json).RootElement;
        return root.TryGetProperty("data", out var data) ? data : root;
    }
}
