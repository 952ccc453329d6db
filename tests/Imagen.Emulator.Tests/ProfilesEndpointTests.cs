using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>§3.1 profiles, the API key check (§1.3), the envelopes (§2.1) and error dialects (§2.2).</summary>
public sealed class ProfilesEndpointTests
{
    [Theory]
    [InlineData("profiles")]
    [InlineData("profiles/")]
    public async Task Profiles_are_served_under_both_spellings_in_the_data_envelope(string path)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorClient(server);

        var (status, body) = await client.GetAsync(path);

        Assert.Equal(200, status);
        var profiles = EmulatorClient.Data(body)["profiles"]!.AsArray();
        var crisp = profiles.Single(p => (int)p!["profile_key"]! == 5700)!;
        Assert.Equal("CLEAN & CRISP", (string)crisp["profile_name"]!);
        Assert.Equal("RAW", (string)crisp["image_type"]!);
        Assert.Equal("Talent", (string)crisp["profile_type"]!);
        foreach (string type in new[] { "Personal", "Talent" })
        foreach (string imageType in new[] { "RAW", "JPG" })
            Assert.True(profiles.Count(p => (string)p!["profile_type"]! == type && (string)p["image_type"]! == imageType) >= 2,
                $"need two {imageType} {type} profiles");
        Assert.All(profiles, p => Assert.Equal(4, p!.AsObject().Count));
    }

    [Fact]
    public async Task Bare_envelope_puts_the_payload_at_the_root()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Envelope = "bare" });
        using var client = new EmulatorClient(server);

        var (_, body) = await client.GetAsync("profiles/");

        Assert.Null(body!["data"]);
        Assert.Contains(body["profiles"]!.AsArray(), p => (int)p!["profile_key"]! == 5700);
    }

    [Fact]
    public async Task List_envelope_makes_profiles_a_bare_array()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Envelope = "list" });
        using var client = new EmulatorClient(server);

        var (_, body) = await client.GetAsync("profiles");

        Assert.IsType<JsonArray>(body);
        Assert.Contains(body!.AsArray(), p => (int)p!["profile_key"]! == 5700);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    public async Task Missing_or_wrong_key_is_401(string? key)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.BaseUrl + "/profiles/");
        if (key is not null) request.Headers.Add("x-api-key", key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await EmulatorClient.ReadJsonAsync(response);
        Assert.NotNull(body!["error"]!["message"]);
        Assert.DoesNotContain(server.ApiKey, body.ToJsonString());
    }

    [Fact]
    public async Task Auth_failure_status_can_be_403()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { AuthFailureStatus = 403 });
        using var http = new HttpClient();

        using var response = await http.GetAsync(server.BaseUrl + "/profiles/");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("detail", """{"detail":"Invalid API key."}""")]
    [InlineData("error", """{"error":{"message":"Invalid API key."}}""")]
    [InlineData("error-string", """{"error":"Invalid API key."}""")]
    [InlineData("combined", """{"error":{"message":"Invalid API key."},"detail":"Invalid API key."}""")]
    public async Task Errors_use_the_configured_dialect(string dialect, string expected)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ErrorDialect = dialect });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("x-api-key", "nope");

        using var response = await http.GetAsync(server.BaseUrl + "/profiles");

        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Binds_to_loopback_on_an_ephemeral_port_with_a_v1_base()
    {
        await using var server = await EmulatorServer.StartAsync();

        Assert.Equal("127.0.0.1", server.BaseUrl.Host);
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.EndsWith("/v1", server.BaseUrl.ToString());
        Assert.False(string.IsNullOrWhiteSpace(server.ApiKey));
    }
}
