using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;

namespace Imagen.Core.Tests;

/// <summary>GET /profiles over real HTTP against the emulator, in every envelope and error dialect.</summary>
public class ProfilesOverHttpTests
{

    [Theory]
    [InlineData("data")]
    [InlineData("bare")]
    [InlineData("list")]
    public async Task ReadsProfilesInEveryEnvelope(string envelope)
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Envelope = envelope });
        var profiles = await emulator.Client.GetProfilesAsync();

        var cleanAndCrisp = Assert.Single(profiles, p => p.ProfileKey == 5700);
        Assert.Equal("CLEAN & CRISP", cleanAndCrisp.ProfileName);
        Assert.Equal("RAW", cleanAndCrisp.ImageType);
        Assert.Equal("Talent", cleanAndCrisp.ProfileType);
        Assert.True(profiles.Count(p => p.ImageType == "RAW") >= 2);
        Assert.True(profiles.Count(p => p.ImageType == "JPG") >= 2);
        Assert.Contains(profiles, p => p.ProfileType == "Personal");
    }

    [Theory]
    [InlineData("data")]
    [InlineData("list")]
    public async Task ReadsSkyTemplatesInEveryShape(string envelope)
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Envelope = envelope });
        var templates = await emulator.Client.GetSkyReplacementTemplatesAsync();
        Assert.NotEmpty(templates);
        Assert.Single(templates, t => t.IsDefault);
    }

    [Fact]
    public async Task GetProfileFindsOneAndNamesTheMissingOne()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        Assert.Equal("CLEAN & CRISP", (await emulator.Client.GetProfileAsync(5700)).ProfileName);
        var error = await Assert.ThrowsAsync<ImagenException>(() => emulator.Client.GetProfileAsync(999999));
        Assert.Equal("ImagenProfileNotFound", error.ErrorId);
        Assert.Contains("999999", error.Message);
    }

    [Theory]
    [InlineData("combined")]
    [InlineData("detail")]
    [InlineData("error")]
    [InlineData("error-string")]
    public async Task WrongKeyIsAnAuthenticationErrorInEveryDialectAndNeverShowsTheKey(string dialect)
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { ErrorDialect = dialect });
        var log = new RecordingLog();
        using var client = emulator.CreateClient("wrong-secret-4711", log: log);

        var error = await Assert.ThrowsAsync<ImagenAuthenticationException>(() => client.GetProfilesAsync());

        Assert.Equal(401, error.StatusCode);
        Assert.Equal("ImagenAuthenticationFailed", error.ErrorId);
        Assert.False(string.IsNullOrWhiteSpace(error.ServerMessage));
        Assert.DoesNotContain("{", error.ServerMessage);
        Assert.DoesNotContain("wrong-secret-4711", error.ToString());
        Assert.DoesNotContain("wrong-secret-4711", log.All);
        Assert.DoesNotContain(emulator.Server.ApiKey, error.ToString());
    }

    [Fact]
    public async Task Forbidden403IsAlsoAnAuthenticationError()
    {
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { AuthFailureStatus = 403 });
        using var client = emulator.CreateClient("wrong-key");
        var error = await Assert.ThrowsAsync<ImagenAuthenticationException>(() => client.GetProfilesAsync());
        Assert.Equal(403, error.StatusCode);
    }

    [Fact]
    public async Task AuthenticationFailuresAreNotRetried()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        var log = new RecordingLog();
        using var client = emulator.CreateClient("wrong-key", log: log);
        await Assert.ThrowsAsync<ImagenAuthenticationException>(() => client.GetProfilesAsync());
        Assert.DoesNotContain("Retry", log.All);
    }

    [Fact]
    public async Task DebugLogShowsEachCallButNeverTheKey()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        await emulator.Client.GetProfilesAsync();
        Assert.Contains(emulator.Log.Lines, l => l.StartsWith("DEBUG: GET " + emulator.Server.BaseUrl + "/profiles/ -> 200"));
        Assert.DoesNotContain(emulator.Server.ApiKey, emulator.Log.All);
    }

    [Fact]
    public async Task TransientFailuresAreRetriedAndLogged()
    {
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "profiles", Kind = "503", Times = 2, RetryAfterSeconds = 0 }] };
        await using var emulator = await EmulatorHarness.StartAsync(options);
        var profiles = await emulator.Client.GetProfilesAsync();
        Assert.NotEmpty(profiles);
        Assert.Contains(emulator.Log.Lines, l => l.Contains("Retry 1 of 5 for GET /v1/profiles/"));
        Assert.Contains(emulator.Log.Lines, l => l.Contains("Retry 2 of 5"));
        Assert.DoesNotContain(emulator.Log.Lines, l => l.Contains("Retry 3 of 5"));
    }

    [Fact]
    public async Task RetryAfterIsHonoured()
    {
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "profiles", Kind = "429", Times = 1, RetryAfterSeconds = 1 }] };
        await using var emulator = await EmulatorHarness.StartAsync(options);
        await emulator.Client.GetProfilesAsync();
        Assert.Contains(emulator.Log.Lines, l => l.Contains("in 1 s (the server's Retry-After): status 429"));
    }

    [Fact]
    public async Task DroppedConnectionsAreRetried()
    {
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "profiles", Kind = "drop", Times = 1 }] };
        await using var emulator = await EmulatorHarness.StartAsync(options);
        Assert.NotEmpty(await emulator.Client.GetProfilesAsync());
        Assert.Contains(emulator.Log.Lines, l => l.Contains("Retry 1 of 5"));
    }

    [Fact]
    public async Task PersistentServerErrorsEndInAnApiExceptionWithTheServerMessage()
    {
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "profiles", Kind = "500" }] };
        await using var emulator = await EmulatorHarness.StartAsync(options);
        var fast = EmulatorHarness.FastOptions();
        fast.MaxRetryAttempts = 2;
        using var client = emulator.CreateClient(emulator.Server.ApiKey, fast);
        var error = await Assert.ThrowsAsync<ImagenApiException>(() => client.GetProfilesAsync());
        Assert.Equal(500, error.StatusCode);
        Assert.Equal("ImagenServerError", error.ErrorId);
        Assert.True(error.IsTransient);
        Assert.Contains("/v1/profiles/", error.Message);
    }

    [Fact]
    public async Task UnreachableServerIsAConnectionError()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var fast = EmulatorHarness.FastOptions();
        fast.MaxRetryAttempts = 1;
        using var client = new ImagenClient(new ImagenConnectionSettings(new Uri($"http://127.0.0.1:{port}/v1"), ImagenApiKey.FromPlainText("k-123")), fast);
        var error = await Assert.ThrowsAsync<ImagenConnectionException>(() => client.GetProfilesAsync());
        Assert.Equal("ImagenConnectionFailed", error.ErrorId);
        Assert.DoesNotContain("k-123", error.ToString());
    }

    [Fact]
    public async Task AWrongBasePathIsANotFoundError()
    {
        await using var emulator = await EmulatorHarness.StartAsync();
        using var client = new ImagenClient(new ImagenConnectionSettings(emulator.Server.RootUrl, ImagenApiKey.FromPlainText(emulator.Server.ApiKey)), EmulatorHarness.FastOptions());
        var error = await Assert.ThrowsAsync<ImagenApiException>(() => client.GetProfilesAsync());
        Assert.Equal(404, error.StatusCode);
        Assert.Equal("ImagenNotFound", error.ErrorId);
    }

    [Fact]
    public async Task CancellationStopsARetryDelay()
    {
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "profiles", Kind = "429", RetryAfterSeconds = 30 }] };
        await using var emulator = await EmulatorHarness.StartAsync(options);
        var slow = EmulatorHarness.FastOptions();
        slow.MaxRetryAfter = TimeSpan.FromMinutes(1);
        using var client = emulator.CreateClient(emulator.Server.ApiKey, slow);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetProfilesAsync(cancel.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "cancellation must interrupt the 30 s Retry-After wait");
    }
}
