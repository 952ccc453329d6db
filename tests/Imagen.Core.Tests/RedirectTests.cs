using Imagen.Core.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Imagen.Core.Tests;

/// <summary>
/// Issue 16 point 7: the API key never leaves the API host, in a header or in an address. A redirect to another
/// host, port or scheme, or any redirect whose address holds the key, is refused with an error that does not quote
/// the address; a redirect within the API's host is followed with the key. Tiny Kestrel apps stand in for a
/// misbehaving gateway; the emulator never redirects.
/// </summary>
public class RedirectTests
{
    private const string Key = "ik_live_9d8c7b6a5f4e3d2c1b0a";

    [Fact]
    public async Task ARedirectToAnotherHostIsRefusedWithoutQuotingItAndTheOtherHostIsNeverCalled()
    {
        var otherCalls = 0;
        await using var other = await StartAsync(app => app.MapGet("/{**path}", () =>
        {
            Interlocked.Increment(ref otherCalls);
            return Results.Json(new { data = new { profiles = Array.Empty<object>() } });
        }));
        var otherUrl = other.Urls.First();
        string? keySeenByApi = null;
        await using var api = await StartAsync(app => app.MapGet("/v1/profiles/", (HttpRequest request) =>
        {
            keySeenByApi = request.Headers["x-api-key"].FirstOrDefault();
            return Results.Redirect(otherUrl + "/v1/profiles/?from=gateway", permanent: false, preserveMethod: true);
        }));

        var log = new RecordingLog();
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri(api.Urls.First() + "/v1"), ImagenApiKey.FromPlainText(Key)), EmulatorHarness.FastOptions(), log);
        var refused = await Assert.ThrowsAsync<ImagenApiException>(() => client.GetProfilesAsync());

        Assert.Equal("ImagenUnsafeRedirect", refused.ErrorId);
        Assert.Contains("to another host", refused.Message);
        Assert.Equal(Key, keySeenByApi);
        Assert.Equal(0, otherCalls);
        var otherAuthority = new Uri(otherUrl).Authority;
        Assert.DoesNotContain(otherAuthority, refused.Message);
        Assert.DoesNotContain(otherAuthority, refused.RequestUri?.ToString() ?? string.Empty);
        Assert.DoesNotContain(log.Lines, l => l.Contains(otherAuthority));
    }

    [Theory]
    [InlineData("other", "/v1/profiles/?api_key={key}")]
    [InlineData("other", "/v1/{key}/profiles/")]
    [InlineData("same", "/v1/profiles-moved?token={key}")]
    [InlineData("same", "/v1/profiles-moved?token={escaped}")]
    public async Task ARedirectWhoseAddressHoldsTheKeyIsRefusedWithoutQuotingIt(string where, string pathAndQuery)
    {
        var calls = new List<string>();
        await using var other = await StartAsync(app => app.MapGet("/{**path}", (HttpRequest request) =>
        {
            lock (calls)
            {
                calls.Add("other " + request.Path + request.QueryString);
            }

            return Results.Json(new { data = new { profiles = Array.Empty<object>() } });
        }));
        await using var api = await StartAsync(app =>
        {
            app.MapGet("/v1/profiles/", (HttpRequest request) =>
            {
                var root = where == "same" ? $"{request.Scheme}://{request.Host}" : other.Urls.First();
                var target = pathAndQuery.Replace("{key}", Key).Replace("{escaped}", string.Concat(Key.Select(c => $"%{(int)c:X2}")));
                return Results.Redirect(root + target, permanent: false, preserveMethod: true);
            });
            app.MapGet("/v1/profiles-moved", (HttpRequest request) =>
            {
                lock (calls)
                {
                    calls.Add("api " + request.Path + request.QueryString);
                }

                return Results.Json(new { data = new { profiles = Array.Empty<object>() } });
            });
        });

        var log = new RecordingLog();
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri(api.Urls.First() + "/v1"), ImagenApiKey.FromPlainText(Key)), EmulatorHarness.FastOptions(), log);
        var refused = await Assert.ThrowsAsync<ImagenApiException>(() => client.GetProfilesAsync());

        Assert.Equal("ImagenUnsafeRedirect", refused.ErrorId);
        Assert.Contains("holds the API key", refused.Message);
        Assert.Empty(calls);
        foreach (var text in new[] { refused.Message, refused.ToString(), refused.RequestUri?.ToString() ?? string.Empty }.Concat(log.Lines))
        {
            Assert.DoesNotContain(Key, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Key.Substring(4, 12), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(new Uri(other.Urls.First()).Authority, text);
        }
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
