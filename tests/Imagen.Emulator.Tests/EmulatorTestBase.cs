namespace Imagen.Emulator.Tests;

/// <summary>One emulator with default options and a raw-HTTP client per test, for the contract test classes.</summary>
public abstract class EmulatorTestBase : Xunit.IAsyncLifetime
{
    protected EmulatorServer Server { get; private set; } = null!;

    protected EmulatorClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await EmulatorServer.StartAsync();
        Client = new EmulatorClient(Server);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
