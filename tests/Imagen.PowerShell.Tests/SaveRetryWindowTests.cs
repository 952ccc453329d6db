using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 16 point 5: Save-ImagenResult's download retry window, from -DownloadRetryWindowSec or
/// IMAGEN_DOWNLOAD_RETRY_WINDOW_SEC, rides out a storage outage longer than the client's own retries.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class SaveRetryWindowTests : WorkflowSharedEmulatorTests
{
    public SaveRetryWindowTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public async Task TheDownloadRetryWindowComesFromTheParameterOrTheEnvironmentAndRidesOutAnOutage()
    {
        string shoot = Kit.Shoot("Outage", 2, "raw", seed: 21);
        var edit = Kit.Run("$global:edited = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700; $global:edited.ProjectId", new() { ["shoot"] = shoot });
        Assert.Empty(edit.AllErrors);

        // One request per download (no client retries): the next downloads fail, an outage of 4 requests.
        using var noRetries = new EnvironmentScope(("IMAGEN_MAX_RETRIES", "0"), ("IMAGEN_RETRY_DELAY_SEC", "0.05"), ("IMAGEN_DOWNLOAD_RETRY_WINDOW_SEC", "30"));
        try
        {
            await Kit.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"503\",\"times\":4}]");
            var closed = Kit.Run("$global:edited | Save-ImagenResult -Path $out -DownloadRetryWindowSec 0", new() { ["out"] = Path.Combine(Kit.Root, "closed") });
            Assert.Equal(new[] { "ImagenDownloadFailed", "ImagenDownloadFailed" }, closed.ErrorIds);

            await Kit.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"503\",\"times\":3}]");
            var open = Kit.Run("$global:edited | Save-ImagenResult -Path $out -Debug", new() { ["out"] = Path.Combine(Kit.Root, "open") });
            Assert.Empty(open.AllErrors);
            Assert.Equal(2, WorkflowTestKit.FilesIn(Path.Combine(Kit.Root, "open")).Count);
            Assert.Contains(open.Debug, d => d.Message.Contains("download retry window 30 s"));
        }
        finally
        {
            await Kit.SetFaultsAsync("[]");
        }
    }
}
