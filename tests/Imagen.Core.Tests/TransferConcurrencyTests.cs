using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>A per-call throttle above the client's default must really run that many transfers side by side.</summary>
public class TransferConcurrencyTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AHighThrottleOnASlowStorageCausesNoFalseIdleTimeouts()
    {
        // Every PUT waits 1 s on the server; the idle limit is 2.5 s. Forty transfers at once fit comfortably when
        // each has its own connection; queued behind a small connection pool, the later ones would sit out their
        // idle time before sending a byte and be retried as "no data moved".
        var options = new EmulatorOptions { Faults = [new FaultRule { Route = "storage.put", Kind = "latency", LatencyMilliseconds = 1000 }] };
        var clientOptions = EmulatorHarness.FastOptions();
        clientOptions.ThrottleLimit = 2;
        clientOptions.TransferIdleTimeout = TimeSpan.FromSeconds(2.5);
        await using var emulator = await EmulatorHarness.StartAsync(options, clientOptions);
        var files = SampleShootGenerator.Generate(_folder.Path, 40, "jpeg", seed: 3);
        var project = await emulator.Client.CreateProjectAsync("Wide");

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, files, throttleLimit: 40);

        Assert.Equal(40, summary.Succeeded);
        Assert.DoesNotContain("No data moved", emulator.Log.All);
        Assert.DoesNotContain("Retry", emulator.Log.All);
        var puts = (await emulator.JournalAsync()).Where(e => e.Route() == "storage.put").ToList();
        Assert.Equal(40, puts.Count);
        Assert.All(puts, put => Assert.Equal(200, put.Status()));
    }
}
