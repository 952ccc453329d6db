using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// The cmdlets against the emulator where the server matters: Test-ImagenProfileFiles -ProfileKey, retries shown in
/// -Debug, and Ctrl+C while a request hangs.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ServerFileCheckAndStopTests : System.IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _session = new();
    private readonly PhotoFolder _photos = new();
    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null));

    public ServerFileCheckAndStopTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    private PowerShellResult Run(string script) => _session.Invoke(script, new Dictionary<string, object?>
    {
        ["key"] = PowerShellSession.Secure(_emulator.ApiKey),
        ["url"] = _emulator.BaseUrl,
        ["dir"] = _photos.Root,
    });

    [Fact]
    public void ProfileKeyLooksTheProfileUpOnTheServer()
    {
        _photos.Cr2("IMG_0001.CR2");
        _photos.TiffRaw("IMG_0002.NEF");
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url; " +
            "$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -ProfileKey 5700; " +
            "$ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($dir, $false) | Test-ImagenProfileFiles -ProfileKey 29132");
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImagenFileTypeMismatch,Imagen.PowerShell.Cmdlets.TestImagenProfileFilesCommand", error.FullyQualifiedErrorId);
        Assert.Equal("JPG profile cannot be used with RAW files: ['IMG_0001.CR2', 'IMG_0002.NEF']", error.Exception.Message);
        Assert.Equal(new object[] { true, false }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void AProfilePipedFromGetImagenProfileIsUsed()
    {
        _photos.Jpeg("a.jpg");
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url; Get-ImagenProfile -ProfileKey 29132 | Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*.jpg'))");
        Assert.Empty(result.AllErrors);
        Assert.True((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public void AnUnknownProfileKeyIsReportedAndTheOtherChecksStillRun()
    {
        _photos.Empty("empty.cr2");
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url; Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*')) -ProfileKey 424242");
        Assert.Equal(new[] { "ImagenProfileNotFound", "ImagenFileContentMismatch" }, result.ErrorIds);
        Assert.Equal(ErrorCategory.ObjectNotFound, result.Errors[0].CategoryInfo.Category);
        Assert.Equal(424242, result.Errors[0].TargetObject);
        Assert.False((bool)result.Output.Single().BaseObject);
    }

    [Fact]
    public async Task AServerErrorIsRetriedAndTheRetryShowsInDebug()
    {
        await using var server = await EmulatorFixture.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "profiles", Kind = "503", Times = 1, RetryAfterSeconds = 0 } },
        });
        var result = _session.Invoke("Get-ImagenProfile -ProfileKey 5700 -ApiKey $k -BaseUrl $u -Debug | ForEach-Object ProfileKey",
            new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(server.ApiKey), ["u"] = server.BaseUrl.ToString() });
        Assert.Empty(result.AllErrors);
        Assert.Equal(5700, result.Output.Single().BaseObject);
        var debug = string.Join("\n", result.Debug.Select(d => d.Message));
        Assert.Contains("503", debug);
        Assert.Contains("200", debug);
    }

    [Fact]
    public async Task CtrlCStopsAHangingRequestPromptly()
    {
        // The server takes 30 s to answer; stopping the pipeline must not wait for it.
        await using var server = await EmulatorFixture.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "profiles", Kind = "latency", LatencyMilliseconds = 30_000 } },
        });
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = _session.Runspace;
        _session.Runspace.SessionStateProxy.SetVariable("k", PowerShellSession.Secure(server.ApiKey));
        _session.Runspace.SessionStateProxy.SetVariable("u", server.BaseUrl.ToString());
        shell.AddScript("Get-ImagenProfile -ApiKey $k -BaseUrl $u -Verbose");

        var started = new TaskCompletionSource();
        shell.Streams.Verbose.DataAdded += (_, _) => started.TrySetResult();
        var invocation = shell.BeginInvoke();
        await started.Task.WaitAsync(System.TimeSpan.FromSeconds(10));
        await Task.Delay(200);

        var clock = Stopwatch.StartNew();
        shell.Stop();
        clock.Stop();

        Assert.True(invocation.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        // Generous bound: the point is "not the 30 s the server would take", not a timing target.
        Assert.True(clock.Elapsed < System.TimeSpan.FromSeconds(5), $"Stop took {clock.Elapsed}.");
    }

    public void Dispose()
    {
        _session.Dispose();
        _photos.Dispose();
        _environment.Dispose();
    }
}
