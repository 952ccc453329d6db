using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>Issue #10 point 4: -MaximumBandwidth on the transfer cmdlets, Connect-Imagen and IMAGEN_MAX_BANDWIDTH_MBPS.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class BandwidthCapTests : System.IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _session = new();
    private readonly PhotoFolder _photos = new();
    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null), ("IMAGEN_MAX_BANDWIDTH_MBPS", null));

    public BandwidthCapTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    public void Dispose()
    {
        _environment.Dispose();
        _photos.Dispose();
        _session.Dispose();
    }

    private PowerShellResult Run(string script) => _session.Invoke(script, new Dictionary<string, object?>
    {
        ["key"] = PowerShellSession.Secure(_emulator.ApiKey),
        ["url"] = _emulator.BaseUrl,
        ["photo"] = _photos.Jpeg("IMG_" + System.Guid.NewGuid().ToString("N").Substring(0, 8) + ".jpg"),
    });

    /// <summary>What the upload's -Verbose says about the cap (the uploads themselves must succeed).</summary>
    private string CapOfUpload(string sendArguments = "")
    {
        var result = Run($"$p = New-ImagenProject; (Send-ImagenFile -ProjectId $p.ProjectId -Path $photo -Verbose {sendArguments}).Succeeded");
        Assert.Empty(result.AllErrors);
        Assert.Equal(1, result.Output.Single().BaseObject);
        return result.Verbose.Select(v => v.Message).Single(m => m.StartsWith("Transfers are", System.StringComparison.Ordinal));
    }

    [Fact]
    public void TheCapComesFromTheParameterThenConnectImagenThenTheEnvironment()
    {
        Run("Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation");
        Assert.Equal("Transfers are not capped (use -MaximumBandwidth to cap them).", CapOfUpload());

        using (new EnvironmentScope(("IMAGEN_MAX_BANDWIDTH_MBPS", "250")))
        {
            Assert.Equal("Transfers are capped at 250 Mbit/s in total.", CapOfUpload());
            Assert.Equal("Transfers are capped at 400 Mbit/s in total.", CapOfUpload("-MaximumBandwidth 400"));

            Run("Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation -MaximumBandwidth 300");
            Assert.Equal("Transfers are capped at 300 Mbit/s in total.", CapOfUpload());
            Assert.Equal("Transfers are capped at 12.5 Mbit/s in total.", CapOfUpload("-MaximumBandwidth 12.5"));
        }
    }

    [Fact]
    public void AnUnreadableCapInTheEnvironmentStopsTheTransferNamingTheVariable()
    {
        var project = Run("Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation; (New-ImagenProject).ProjectId");
        using var variables = new EnvironmentScope(("IMAGEN_MAX_BANDWIDTH_MBPS", "fast"));
        var result = _session.Invoke("try { Send-ImagenFile -ProjectId $p -Path $photo; 'not reached' } catch { $_ }", new Dictionary<string, object?>
        {
            ["p"] = project.Output.Single().ToString(),
            ["photo"] = _photos.Jpeg("IMG_fast.jpg"),
        });

        var error = (ErrorRecord)result.Output.Single().BaseObject;
        Assert.Equal("ImagenInvalidBandwidth,Imagen.PowerShell.Cmdlets.SendImagenFileCommand", error.FullyQualifiedErrorId);
        Assert.Contains("IMAGEN_MAX_BANDWIDTH_MBPS environment variable is 'fast'", error.Exception.Message);
        Assert.Contains("megabits per second", error.Exception.Message);
    }

    [Theory]
    [InlineData("Send-ImagenFile -ProjectId x -Path $photo -MaximumBandwidth 0.5")]
    [InlineData("Save-ImagenResult -ProjectId x -MaximumBandwidth 0")]
    [InlineData("Invoke-ImagenEdit -Path $photo -ProfileKey 5700 -MaximumBandwidth 200000")]
    [InlineData("Connect-Imagen -ApiKey $key -BaseUrl $url -MaximumBandwidth -1")]
    public void ACapOutsideTheRangeIsRefusedBeforeAnythingIsSent(string command)
    {
        var result = Run("try { " + command + "; 'not reached' } catch { $_.FullyQualifiedErrorId }");
        Assert.StartsWith("ParameterArgumentValidationError,", result.Output.Single().ToString());
    }
}
