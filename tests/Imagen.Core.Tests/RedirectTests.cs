using Imagen.Core.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Imagen.Core.Tests;

/// <summary>
/// The API key goes only to the API's own host: a redirect to another host is followed without it. A tiny Kestrel
/// app stands in for a misbehaving gateway; the emulator never redirects.
/// </summary>
public class RedirectTests
{
    [Fact]
    public async Task ARedirectToAnotherHostIsFollowedWithoutTheKey()
    {
        string? keySeenByOtherHost = "not called";
        await using var other = await StartAsync(app => app.MapGet("/v1/profiles/", (HttpRequest request) =>
        {
            keySeenByOtherHost = request.Headers["x-api-key"].FirstOrDefault();
            return Results.Json(new { data = new { profiles = new[] { new { profile_key = 1, profile_name = "Elsewhere", image_type = "RAW", profile_type = "Talent" } } } });
        }));
        var otherUrl = other.Urls.First();
        string? keySeenByApi = null;
        await using var api = await StartAsync(app => app.MapGet("/v1/profiles/", (HttpRequest request) =>
        {
            keySeenByApi = request.Headers["x-api-key"].FirstOrDefault();
            return Results.Redirect(otherUrl + "/v1/profiles/", permanent: false, preserveMethod: true);
        }));

        var log = new RecordingLog();
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri(api.Urls.First() + "/v1"), ImagenApiKey.FromPlainText("the-secret-key")), EmulatorHarness.FastOptions(), log);
        var profiles = await client.GetProfilesAsync();

        Assert.Equal("Elsewhere", Assert.Single(profiles).ProfileName);
        Assert.Equal("the-secret-key", keySeenByApi);
        Assert.Null(keySeenByOtherHost);
        Assert.Contains(log.Lines, l => l.Contains("another host: the API key is not sent there"));
    }

    [Fact]
    public async Task ASameHostRedirectKeepsTheKey()
    {
        string? keySeen = null;
        await using var api = await StartAsync(app =>
        {
            app.MapGet("/v1/profiles/", () => Results.Redirect("/v1/profiles-moved", permanent: true, preserveMethod: true));
            app.MapGet("/v1/profiles-moved", (HttpRequest request) =>
            {
                keySeen = request.Headers["x-api-key"].FirstOrDefault();
                return Results.Json(new[] { new { profile_key = 2, profile_name = "Moved", image_type = "JPG", profile_type = "Personal" } });
            });
        });

        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri(api.Urls.First() + "/v1"), ImagenApiKey.FromPlainText("k2")), EmulatorHarness.FastOptions());
        Assert.Equal("Moved", Assert.Single(await client.GetProfilesAsync()).ProfileName);
        Assert.Equal("k2", keySeen);
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return app;
    }
}
