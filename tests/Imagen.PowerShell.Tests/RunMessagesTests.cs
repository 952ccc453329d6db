using System;
using System.Linq;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 16 point 6 in the real engine: inside an Invoke-ImagenEdit run, the one next step a per-file error gives is
/// the run's own ("run the same command again"), and a save piped after the run's wait deadline says the project is
/// billed and still editing instead of adding the service's raw 400.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class RunMessagesTests : WorkflowSharedEmulatorTests
{
    public RunMessagesTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public async Task AFileThatCouldNotBeUploadedInARunIsAdvisedTheSameCommandNotSendImagenFile()
    {
        string shoot = Kit.Shoot("Refused", 2, "raw", seed: 12);
        await Kit.SetFaultsAsync("[{\"route\":\"storage.put\",\"kind\":\"500\"}]");
        try
        {
            var run = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -MaxRetryCount 0 -UploadRetryWindowSec 0", new() { ["shoot"] = shoot });

            var perFile = run.AllErrors.Where(e => e.FullyQualifiedErrorId.StartsWith("ImagenUploadFailed", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, perFile.Count);
            Assert.All(perFile, e =>
            {
                Assert.Contains("run the same command again", e.ErrorDetails.RecommendedAction);
                Assert.DoesNotContain("Send-ImagenFile", e.ErrorDetails.RecommendedAction);
            });
        }
        finally
        {
            await Kit.SetFaultsAsync("[]");
        }
    }

    [Fact]
    public async Task ASavePipedAfterTheWaitDeadlineSaysTheProjectIsBilledAndStillEditingWithoutARaw400()
    {
        await using var slow = await Imagen.Emulator.EmulatorServer.StartAsync(new Imagen.Emulator.EmulatorOptions { SecondsPerPhoto = 120 });
        using var kit = new WorkflowTestKit(slow);
        string shoot = kit.Shoot("Deadline", 1, "raw");

        var run = kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -WaitTimeoutSec 1 | Save-ImagenResult", new() { ["shoot"] = shoot });

        Assert.Equal("ImagenWaitTimedOut", Assert.Single(run.ErrorIds));
        var warning = Assert.Single(run.Warning, w => w.Message.Contains("nothing to save yet"));
        Assert.Contains("is billed", warning.Message);
        Assert.Contains("still running", warning.Message);
        Assert.Contains("run the same command again later", warning.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(await kit.RoutesAsync(), r => r == "edit.links");
    }
}
