using Imagen.Core.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Imagen.Core.Tests;

/// <summary>
/// Issue 7 point 8: a server that echoes the request headers, for every status and content type, never makes the API
/// key visible in an exception (message, server message, ToString), in a log line, or in what a call returns.
/// </summary>
public class KeyRedactionTests
{
    private const string Key = "ik_live_5f3a9c0e7b1d4286a0c9e3f17b2d8a64";

    public static TheoryData<int, string> Cases()
    {
        var cases = new TheoryData<int, string>();
        foreach (var status in HeaderEchoServer.Statuses)
        {
            foreach (var type in HeaderEchoServer.ContentTypes)
            {
                cases.Add(status, type);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AHeaderEchoingServerNeverMakesTheKeyVisible(int status, string contentType)
    {
        await using var server = await HeaderEchoServer.StartAsync();
        var log = new RecordingLog();
        using var client = new ImagenClient(new ImagenConnectionSettings(server.BaseUrl(status, contentType), ImagenApiKey.FromPlainText(Key)), EmulatorHarness.FastOptions(), log);

        // A GET that is retried and a POST that is not: both read the echoing body on every path.
        var calls = new Func<Task<object>>[]
        {
            async () => await client.GetProfilesAsync(),
            async () => await client.CreateProjectAsync("Smith"),
            async () => await client.GetEditStatusAsync("0123456789abcdef01234567"),
        };
        var failures = 0;
        foreach (var call in calls)
        {
            try
            {
                var returned = await call();
                HeaderEchoServer.AssertNoKey(Key, System.Text.Json.JsonSerializer.Serialize(returned), "a returned object");
            }
            catch (Exception error)
            {
                failures++;
                HeaderEchoServer.AssertNoKey(Key, error.ToString(), "the exception");
                HeaderEchoServer.AssertNoKey(Key, (error as ImagenApiException)?.ServerMessage, "the server message");
            }
        }

        Assert.True(failures > 0, "an echo is never a valid answer to every call");
        Assert.Contains(log.Lines, l => l.StartsWith("DEBUG: ", StringComparison.Ordinal));
        HeaderEchoServer.AssertNoKey(Key, log.All, "the log");
    }

    [Fact]
    public void ABaseUrlHoldingTheKeyIsRefusedWithoutQuotingIt()
    {
        // Pasted into the base URL, the key would be in every message and log line that names the address.
        var refused = Assert.Throws<ArgumentException>(() => new ImagenConnectionSettings(new Uri("https://api.imagen-ai.com/" + Key + "/v1"), ImagenApiKey.FromPlainText(Key)));

        Assert.Contains("contains the API key", refused.Message);
        HeaderEchoServer.AssertNoKey(Key, refused.ToString(), "the refusal");
    }

    [Theory]
    [InlineData("http://imagen.example.org/{key}/v1")] // plain http off loopback: that refusal quotes the URL
    [InlineData("ftp://127.0.0.1/{key}")]               // not http(s): quoted too
    [InlineData("https://api.imagen-ai.com/v1?key={key}")]
    public void ABaseUrlHoldingTheKeyIsNeverQuotedWhateverElseIsWrongWithIt(string template)
    {
        var refused = Assert.Throws<ArgumentException>(() => ImagenConnectionSettings.ParseBaseUrl(template.Replace("{key}", Key), ImagenApiKey.FromPlainText(Key)));

        Assert.Contains("contains the API key", refused.Message);
        HeaderEchoServer.AssertNoKey(Key, refused.ToString(), "the refusal");
    }

    [Fact]
    public async Task AServerThatRedirectsToAPathHoldingTheKeyDoesNotMakeItVisible()
    {
        // A gateway that echoes the key into a redirect's path: the redirect is refused (issue 16 point 7), and the
        // error's message, its address (an error record's TargetObject) and the log never show the key.
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var app = builder.Build();
        app.MapGet("/v1/profiles/", (HttpRequest request) =>
            Results.Redirect("/v1/" + request.Headers["x-api-key"] + "/profiles/", permanent: false, preserveMethod: true));
        await app.StartAsync();
        var log = new RecordingLog();
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri(app.Urls.First() + "/v1"), ImagenApiKey.FromPlainText(Key)), EmulatorHarness.FastOptions(), log);

        var error = await Assert.ThrowsAsync<ImagenApiException>(() => client.GetProfilesAsync());

        Assert.Equal(307, error.StatusCode);
        Assert.Equal("ImagenUnsafeRedirect", error.ErrorId);
        HeaderEchoServer.AssertNoKey(Key, error.Message + error.ToString() + error.RequestUri, "the error");
        HeaderEchoServer.AssertNoKey(Key, log.All, "the log");
    }

    [Fact]
    public void RedactionCoversTheKeyInAnyCaseEncodedOrCutOff()
    {
        var key = ImagenApiKey.FromPlainText(Key);
        var text = $"a {Key.ToUpperInvariant()} b {Uri.EscapeDataString(Key)} c {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Key))} d {Key.Substring(0, 12)}";

        var redacted = key.Redact(text);

        HeaderEchoServer.AssertNoKey(Key, redacted, "the redacted text");
        Assert.StartsWith("a *** b *** c *** d ***", redacted);
        Assert.Equal("nothing secret here, ik_live alone", key.Redact("nothing secret here, ik_live alone"));
    }
}
