using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>The request journal (issue #3 point 6) and the runtime settings endpoint.</summary>
public sealed class JournalAndAdminTests : IAsyncLifetime
{
    private EmulatorServer _server = null!;
    private EmulatorClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "super-secret-key-123" });
        _client = new EmulatorClient(_server);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_request_is_journaled_with_redacted_key_body_size_and_status()
    {
        string project = await _client.CreateProjectAsync("journal");
        var links = await _client.UploadLinksAsync(project, ("a.jpg", null));
        using (await _client.PutAsync(links["a.jpg"], new byte[12345])) { }
        using var anonymous = new HttpClient();
        using (await anonymous.GetAsync(_server.BaseUrl + "/profiles?x=1")) { }
        await _client.AdminGetAsync("settings");

        var journal = await _client.AdminGetAsync("journal");
        var entries = journal["entries"]!.AsArray();

        Assert.Equal(4, entries.Count); // admin calls are not journaled
        var create = entries[0]!;
        Assert.Equal("POST", (string)create["method"]!);
        Assert.Equal("/v1/projects/", (string)create["path"]!);
        Assert.Equal("projects.create", (string)create["route"]!);
        Assert.Equal("***", (string)create["headers"]!["x-api-key"]!);
        Assert.Equal(200, (int)create["status"]!);
        Assert.True((long)create["bodySize"]! > 0);
        var put = entries[2]!;
        Assert.Equal("PUT", (string)put["method"]!);
        Assert.Equal("storage.put", (string)put["route"]!);
        Assert.Equal(12345, (long)put["bodySize"]!);
        Assert.Contains("X-Amz-Signature=", (string)put["query"]!);
        Assert.Null(put["headers"]!["x-api-key"]);
        var rejected = entries[3]!;
        Assert.Equal(401, (int)rejected["status"]!);
        Assert.Equal("?x=1", (string)rejected["query"]!);
        Assert.DoesNotContain("super-secret-key-123", journal.ToJsonString());
        Assert.Equal((long)entries[3]!["sequence"]!, (long)journal["next"]!);
    }

    [Fact]
    public async Task Since_returns_only_newer_entries_and_delete_clears()
    {
        await _client.GetAsync("profiles");
        long next = (long)(await _client.AdminGetAsync("journal"))["next"]!;
        await _client.GetAsync("projects");

        var newer = (await _client.AdminGetAsync($"journal?since={next}"))["entries"]!.AsArray();
        using var delete = await _client.AdminSendAsync(HttpMethod.Delete, "journal");
        var cleared = (await _client.AdminGetAsync("journal"))["entries"]!.AsArray();

        Assert.Equal("projects.list", (string)Assert.Single(newer)!["route"]!);
        Assert.Empty(cleared);
    }

    [Fact]
    public async Task The_journal_shows_an_empty_content_type_as_sent()
    {
        string project = await _client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        await _client.EditAsync(project, new { profile_key = 5700 });

        var edit = _server.Journal.Single(e => e.Route == "edit");
        Assert.True(edit.Headers.TryGetValue("Content-Type", out string? contentType), "Content-Type header present");
        Assert.Equal("", contentType);
    }

    [Fact]
    public async Task Settings_are_readable_without_the_key_and_patchable_at_runtime()
    {
        var before = await _client.AdminGetAsync("settings");
        using var patch = await _client.AdminSendAsync(HttpMethod.Patch, "settings", new { envelope = "bare", ErrorDialect = "detail", linkLifetimeSeconds = 60 });
        var (_, profiles) = await _client.GetAsync("profiles");
        using var unknown = await _client.AdminSendAsync(HttpMethod.Patch, "settings", new { colour = "blue" });
        using var fixedKey = await _client.AdminSendAsync(HttpMethod.Patch, "settings", new { apiKey = "other" });
        using var invalid = await _client.AdminSendAsync(HttpMethod.Patch, "settings", new { statusCasing = "lower" });

        Assert.Equal("***", (string)before["apiKey"]!);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var after = await EmulatorClient.ReadJsonAsync(patch);
        Assert.Equal("bare", (string)after!["envelope"]!);
        Assert.Equal(60, (double)after["linkLifetimeSeconds"]!);
        Assert.NotNull(profiles!["profiles"]);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("colour", await unknown.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, fixedKey.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("StatusCasing", await invalid.Content.ReadAsStringAsync());
        Assert.Equal("bare", _server.Settings.Envelope);
    }

    [Fact]
    public async Task Admin_lists_routes_and_billable_edits_start_at_zero()
    {
        var routes = await _client.AdminGetAsync("routes");
        var billing = await _client.AdminGetAsync("billable-edits");

        Assert.Contains(routes.AsArray(), r => (string)r! == "edit.status");
        Assert.Equal(0, (int)billing["total"]!);
        Assert.Empty(billing["projects"]!.AsObject());
    }
}
