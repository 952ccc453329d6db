using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 18 points 1 and 4 in the real engine: without -ThrottleLimit the transfer cmdlets choose the concurrency
/// themselves and -Verbose tells each change and the rate reached; -ThrottleLimit fixes it.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class TransferConcurrencyTests : IAsyncLifetime
{
    private readonly PowerShellSession _session = new();
    private readonly PhotoFolder _photos = new();
    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null), ("IMAGEN_MAX_BANDWIDTH_MBPS", null));
    private EmulatorServer? _server;

    /// <summary>A line of 8 Mbit/s per connection (no total limit): each connection adds to the rate.</summary>
    public async Task InitializeAsync() => _server = await EmulatorFixture.StartAsync(new EmulatorOptions { StorageConnectionMbps = 8 });

    public async Task DisposeAsync()
    {
        _environment.Dispose();
        _photos.Dispose();
        _session.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private List<string> Upload(int count, string sendArguments)
    {
        var random = new Random(count);
        var files = Enumerable.Range(0, count).Select(i =>
        {
            var bytes = new byte[512 * 1024];
            random.NextBytes(bytes);
            new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0 }.CopyTo(bytes, 0);
            return _photos.Write($"IMG_{i:0000}.jpg", bytes);
        }).ToArray();

        var result = _session.Invoke(
            "Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation; $p = New-ImagenProject; (Send-ImagenFile -ProjectId $p.ProjectId -Path $files -Verbose " + sendArguments + ").Succeeded",
            new Dictionary<string, object?>
            {
                ["key"] = PowerShellSession.Secure(_server!.ApiKey),
                ["url"] = _server.BaseUrl.ToString().TrimEnd('/'),
                ["files"] = files,
            });

        Assert.Empty(result.AllErrors);
        Assert.Equal(count, result.Output.Single().BaseObject);
        return result.Verbose.Select(v => v.Message).ToList();
    }

    [Fact]
    public void WithoutThrottleLimitSendImagenFileAddsConnectionsAndVerboseTellsTheStory()
    {
        var verbose = Upload(48, string.Empty);

        Assert.Contains(verbose, m => m.Contains("automatic concurrency (from 4 up to 64 at a time)", StringComparison.Ordinal));
        var story = verbose.Where(m => m.StartsWith("Upload concurrency ", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("Upload concurrency 4 -> 8: ", story[0], StringComparison.Ordinal);
        Assert.InRange(story.Count, 1, 8); // one line per change, not one per file
        Assert.Contains(verbose, m => m.StartsWith("Upload: ", StringComparison.Ordinal) && m.Contains(" Mbit/s on average", StringComparison.Ordinal) && m.Contains("automatic concurrency ended at", StringComparison.Ordinal));
    }

    [Fact]
    public void ThrottleLimitFixesTheNumber()
    {
        var verbose = Upload(12, "-ThrottleLimit 3");

        Assert.Contains(verbose, m => m.Contains("3 at a time (ThrottleLimit)", StringComparison.Ordinal));
        Assert.DoesNotContain(verbose, m => m.StartsWith("Upload concurrency ", StringComparison.Ordinal));
        Assert.Contains(verbose, m => m.StartsWith("Upload: ", StringComparison.Ordinal) && m.EndsWith(", 3 at a time (ThrottleLimit).", StringComparison.Ordinal));
    }
}
