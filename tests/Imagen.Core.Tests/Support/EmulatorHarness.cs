using Imagen.Emulator;

namespace Imagen.Core.Tests.Support;

/// <summary>Starts the real emulator in process on an ephemeral loopback port, with a client wired to it.</summary>
public sealed class EmulatorHarness : IAsyncDisposable
{
    private EmulatorHarness(EmulatorServer server, ImagenClient client, RecordingLog log)
    {
        Server = server;
        Client = client;
        Log = log;
    }

    public EmulatorServer Server { get; }

    public ImagenClient Client { get; }

    public RecordingLog Log { get; }

    /// <summary>Fast retries and polls, so a test spends its time on behaviour, not on waiting.</summary>
    public static ImagenClientOptions FastOptions() => new()
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryAfter = TimeSpan.FromSeconds(2),
        PollInitialInterval = TimeSpan.FromMilliseconds(50),
        PollMaxInterval = TimeSpan.FromMilliseconds(200),
        ApiRequestTimeout = TimeSpan.FromSeconds(20),
        TransferIdleTimeout = TimeSpan.FromSeconds(20),
        UploadRetryWindow = TimeSpan.FromSeconds(1),

        // Test photos are written a moment before each run; a quiet period would leave them all for a later run.
        QuietPeriod = TimeSpan.Zero,
    };

    public static async Task<EmulatorHarness> StartAsync(EmulatorOptions? options = null, ImagenClientOptions? clientOptions = null)
    {
        var server = await EmulatorServer.StartAsync(options ?? new EmulatorOptions());
        var log = new RecordingLog();
        var client = new ImagenClient(new ImagenConnectionSettings(server.BaseUrl, ImagenApiKey.FromPlainText(server.ApiKey)), clientOptions ?? FastOptions(), log);
        return new EmulatorHarness(server, client, log);
    }

    /// <summary>A second client on the same server, e.g. with another key.</summary>
    public ImagenClient CreateClient(string apiKey, ImagenClientOptions? options = null, IImagenLog? log = null) =>
        new(new ImagenConnectionSettings(Server.BaseUrl, ImagenApiKey.FromPlainText(apiKey)), options ?? FastOptions(), log);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
