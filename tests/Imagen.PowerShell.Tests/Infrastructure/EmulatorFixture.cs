using System.Threading.Tasks;
using Imagen.Emulator;
using Xunit;

namespace Imagen.PowerShell.Tests.Infrastructure;

/// <summary>
/// One emulator (defaults: data envelope, combined error dialect) shared by the PowerShell collection, started
/// in-process on an ephemeral loopback port. Tests that need other switches start their own with
/// <see cref="StartAsync"/>.
/// </summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    private EmulatorServer? _server;

    public EmulatorServer Server => _server ?? throw new System.InvalidOperationException("The emulator has not started.");

    public string BaseUrl => Server.BaseUrl.ToString().TrimEnd('/');

    public string ApiKey => Server.ApiKey;

    public static Task<EmulatorServer> StartAsync(EmulatorOptions options) => EmulatorServer.StartAsync(options);

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(new EmulatorOptions
    {
        // A key that is easy to search for in every stream the tests capture.
        ApiKey = "ps-test-key-" + System.Guid.NewGuid().ToString("N"),
    });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
