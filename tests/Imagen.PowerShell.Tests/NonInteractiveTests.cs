using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Samples;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 17 point 8: a command that must ask for a confirmation in a session that cannot ask (pwsh -NonInteractive,
/// as a scheduled task runs; a host without a UI) stops with ImagenConfirmationRequired naming what to give, before
/// anything is created or billed, instead of the engine's "Read and Prompt functionality is not available".
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class NonInteractiveTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("imagen-noninteractive-");
    private EmulatorServer? _server;

    private EmulatorServer Server => _server!;

    public async Task InitializeAsync() => _server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "ni-test-key-" + Guid.NewGuid().ToString("N") });

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Runs a script in `pwsh -NoProfile -NonInteractive -Command`, connected through the environment.</summary>
    private (int ExitCode, string Output) NonInteractive(string script)
    {
        var run = RealPowerShell.Run(
            new[] { "-Command", $"Import-Module '{RepositoryRoot.ManifestPath}'; $ErrorActionPreference = 'Stop'; " + script },
            new Dictionary<string, string?>
            {
                ["IMAGEN_API_KEY"] = Server.ApiKey,
                ["IMAGEN_BASE_URL"] = Server.BaseUrl.ToString().TrimEnd('/'),
                ["IMAGEN_RUN_PATH"] = Path.Combine(_root.FullName, "runs"),
                ["IMAGEN_POLL_INTERVAL_SEC"] = "0.2",
            },
            TimeSpan.FromMinutes(2));
        return (run.ExitCode, run.Output + run.Errors);
    }

    [Fact]
    public void NewProjectWithoutForceStopsNamingForceAndCreatesNothing()
    {
        string shoot = Path.Combine(_root.FullName, "Smith");
        SampleShootGenerator.Generate(shoot, 2, "raw", seed: 5);
        string edit = $"Get-ChildItem '{shoot}' | Invoke-ImagenEdit -ProfileKey 5700";
        Assert.Equal(0, NonInteractive(edit).ExitCode);
        int projects = Server.Journal.Count(e => e.Route == "projects.create");

        var again = NonInteractive($"try {{ {edit} -NewProject }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.Message; exit 1 }}");

        Assert.Equal(1, again.ExitCode);
        Assert.Contains("ImagenConfirmationRequired,Imagen.PowerShell.Cmdlets.InvokeImagenEditCommand", again.Output);
        Assert.Contains("Invoke-ImagenEdit needs a confirmation to go on: Edit again (billed).", again.Output);
        Assert.Contains("give -Force", again.Output);
        Assert.DoesNotContain("Read and Prompt", again.Output);
        Assert.Equal(projects, Server.Journal.Count(e => e.Route == "projects.create"));
        Assert.Equal(1, Server.TotalBillableEdits);
    }

    [Fact]
    public void AHighImpactCommandWithoutForceStopsNamingForceAndSendsNothing()
    {
        int before = Server.Journal.Count;

        var reset = NonInteractive("try { Reset-ImagenCopilot -ProjectId 0123456789abcdef01234567 -FileName IMG_1.jpg } catch { $_.FullyQualifiedErrorId; $_.Exception.Message; exit 1 }");

        Assert.Equal(1, reset.ExitCode);
        Assert.Contains("ImagenConfirmationRequired,Imagen.PowerShell.Cmdlets.ResetImagenCopilotCommand", reset.Output);
        Assert.Contains("give -Force", reset.Output);
        Assert.DoesNotContain("Read and Prompt", reset.Output);
        Assert.Equal(before, Server.Journal.Count);
    }

    [Fact]
    public void AConfirmationAskedOfACommandWithoutForceNamesConfirmFalse()
    {
        var created = NonInteractive("try { New-ImagenProject -Name NoOneToAsk -Confirm } catch { $_.FullyQualifiedErrorId; $_.Exception.Message; exit 1 }");

        Assert.Equal(1, created.ExitCode);
        Assert.Contains("ImagenConfirmationRequired,Imagen.PowerShell.Cmdlets.NewImagenProjectCommand", created.Output);
        Assert.Contains("give -Confirm:$false", created.Output);
        Assert.DoesNotContain(Server.Journal, e => e.Route == "projects.create");
    }

    [Fact]
    public void AHostWithoutAUserInterfaceGetsTheSameError()
    {
        using var session = new PowerShellSession();
        var result = session.Invoke("try { Reset-ImagenCopilot -ProjectId 0123456789abcdef01234567 -FileName IMG_1.jpg -ApiKey $k -BaseUrl $u } catch { $_ }", new Dictionary<string, object?>
        {
            ["k"] = PowerShellSession.Secure(Server.ApiKey),
            ["u"] = Server.BaseUrl.ToString(),
        });

        var error = (System.Management.Automation.ErrorRecord)result.Output.Single().BaseObject;
        Assert.Equal("ImagenConfirmationRequired,Imagen.PowerShell.Cmdlets.ResetImagenCopilotCommand", error.FullyQualifiedErrorId);
    }
}
