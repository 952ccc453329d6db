using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 17 point 1: one set of connection and transfer settings, declared once for every cmdlet that talks to the
/// service and Connect-Imagen, resolved in one place (parameter, Connect-Imagen, IMAGEN_* variable, default) and
/// shown by Get-ImagenConnection.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class SharedSettingsTests : IDisposable
{
    private static readonly string[] Variables =
    [
        "IMAGEN_API_KEY", "IMAGEN_BASE_URL", "IMAGEN_MAX_RETRIES", "IMAGEN_RETRY_DELAY_SEC", "IMAGEN_UPLOAD_RETRY_WINDOW_SEC",
        "IMAGEN_WAIT_TIMEOUT_SEC", "IMAGEN_MAX_BANDWIDTH_MBPS", "IMAGEN_THROTTLE_LIMIT",
    ];

    private readonly EmulatorFixture _emulator;
    private readonly EnvironmentScope _environment = new(Variables.Select(v => (v, (string?)null)).ToArray());
    private readonly PowerShellSession _session = new();

    public SharedSettingsTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    public void Dispose()
    {
        _session.Dispose();
        _environment.Dispose();
    }

    private PowerShellResult Run(string script, EmulatorServer? server = null) => _session.Invoke(script, new Dictionary<string, object?>
    {
        ["key"] = PowerShellSession.Secure(server?.ApiKey ?? _emulator.ApiKey),
        ["url"] = (server?.BaseUrl.ToString() ?? _emulator.BaseUrl).TrimEnd('/'),
    });

    [Fact]
    public async Task WithImagenMaxRetriesZeroSaveImagenResultAndGetImagenProfileMakeOneAttempt()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Once", 2, "raw");
        var edited = kit.Run("(Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700).ProjectId", new() { ["shoot"] = shoot });
        Assert.Empty(edited.AllErrors);
        string projectId = edited.Output.Single().ToString()!;

        // The service fails every call now; the variable is set after Connect-Imagen, as a scheduled task's would be.
        server.Update(o => o.Faults = [
            new FaultRule { Route = "edit.links", Kind = "503", RetryAfterSeconds = 0 },
            new FaultRule { Route = "profiles", Kind = "503", RetryAfterSeconds = 0 },
        ]);
        using var noRetries = new EnvironmentScope(("IMAGEN_MAX_RETRIES", "0"));
        int before = server.Journal.Count;

        var save = kit.Run("Save-ImagenResult -ProjectId $id -Path ([IO.Path]::Combine($root, 'out'))", new() { ["id"] = projectId });
        var profiles = kit.Run("try { Get-ImagenProfile } catch { $_ }");

        var sent = server.Journal.Skip(before).Select(e => e.Route).ToList();
        Assert.Equal(1, sent.Count(r => r == "edit.links"));
        Assert.Equal(1, sent.Count(r => r == "profiles"));
        Assert.Contains("503", save.Errors.Single().ToString());
        Assert.Contains("503", ((ErrorRecord)profiles.Output.Single().BaseObject).ToString());
    }

    [Theory]
    [InlineData("Parameter", "-MaxRetryCount 2", 3)]
    [InlineData("Session", "", 2)]
    public async Task RetriesComeFromTheParameterThenConnectImagenThenTheEnvironment(string source, string parameter, int attempts)
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "profiles", Kind = "503", RetryAfterSeconds = 0 } },
        });
        using var variables = new EnvironmentScope(("IMAGEN_MAX_RETRIES", "0"), ("IMAGEN_RETRY_DELAY_SEC", "0.01"));

        var result = Run($"Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation -MaxRetryCount 1; try {{ Get-ImagenProfile {parameter} -Verbose }} catch {{ $_ }}", server);

        Assert.Equal(attempts, server.Journal.Count(e => e.Route == "profiles"));
        Assert.Contains(result.Verbose, v => v.Message.Contains($"MaxRetryCount = {attempts - 1} ({source})"));
    }

    /// <summary>For each setting: the default, then the variable, then Connect-Imagen, then the command's parameter.</summary>
    [Theory]
    [InlineData("MaxRetryCount", "IMAGEN_MAX_RETRIES", "5", "0", "1", "2")]
    [InlineData("RetryDelaySec", "IMAGEN_RETRY_DELAY_SEC", "1", "0.5", "2", "2.5")]
    [InlineData("UploadRetryWindowSec", "IMAGEN_UPLOAD_RETRY_WINDOW_SEC", "300", "60", "120", "30")]
    [InlineData("WaitTimeoutSec", "IMAGEN_WAIT_TIMEOUT_SEC", "86400", "3600", "7200", "60")]
    [InlineData("MaximumBandwidth", "IMAGEN_MAX_BANDWIDTH_MBPS", "not set", "250", "40", "12.5")]
    [InlineData("ThrottleLimit", "IMAGEN_THROTTLE_LIMIT", "automatic", "8", "3", "1")]
    public void EachSettingComesFromTheParameterThenConnectImagenThenTheEnvironmentThenTheDefault(
        string name, string variable, string byDefault, string fromVariable, string fromSession, string fromParameter)
    {
        Assert.Equal($"{name} = {byDefault} (Default)", Shown(name));

        using var scope = new EnvironmentScope((variable, fromVariable));
        Assert.Equal($"{name} = {fromVariable} (Environment)", Shown(name));
        Assert.Contains($"{name} = {fromVariable} (Environment)", SettingsOfACommand(""));

        Assert.Empty(Run($"Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation -{name} {fromSession}").AllErrors);
        Assert.Equal($"{name} = {fromSession} (Session)", Shown(name));
        Assert.Contains($"{name} = {fromSession} (Session)", SettingsOfACommand(""));

        Assert.Contains($"{name} = {fromParameter} (Parameter)", SettingsOfACommand($"-{name} {fromParameter}"));

        // A new Connect-Imagen without it leaves the variable in force again.
        Run("Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation");
        Assert.Equal($"{name} = {fromVariable} (Environment)", Shown(name));
    }

    /// <summary>The setting as Get-ImagenConnection shows it.</summary>
    private string Shown(string name)
    {
        var result = Run($"(Get-ImagenConnection)['{name}'].ToString()");
        Assert.Empty(result.AllErrors);
        return result.Output.Single().ToString()!;
    }

    /// <summary>What -Verbose says a command (that lists the sky templates) uses.</summary>
    private string SettingsOfACommand(string parameters)
    {
        var result = Run($"Get-ImagenSkyTemplate -ApiKey $key -BaseUrl $url -Verbose {parameters} | Out-Null");
        Assert.Empty(result.AllErrors);
        return result.Verbose.Select(v => v.Message).Single(m => m.StartsWith("Settings: ", StringComparison.Ordinal));
    }

    [Fact]
    public void GetImagenConnectionShowsTheSessionsCap()
    {
        // (Tests/Pester/Connection.Tests.ps1 checks the view a user sees in a real pwsh.)
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url -MaximumBandwidth 40; $c = Get-ImagenConnection; $c['MaximumBandwidth'].Value; $c['MaximumBandwidth'].Source");

        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { 40.0, "Session" }, result.Output.Select(o => o.BaseObject is Enum e ? e.ToString() : o.BaseObject));
    }

    [Fact]
    public void AVariableThatCannotBeUsedStopsEveryCommandNamingItAndWhatToGive()
    {
        using var scope = new EnvironmentScope(("IMAGEN_MAX_RETRIES", "many"));
        var result = Run("try { Get-ImagenProfile -ApiKey $key -BaseUrl $url } catch { $_ }");

        var error = (ErrorRecord)result.Output.Single().BaseObject;
        Assert.Equal("ImagenInvalidSetting,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand", error.FullyQualifiedErrorId);
        Assert.Equal("The IMAGEN_MAX_RETRIES environment variable is 'many': give a whole number from 0 to 100, as for -MaxRetryCount, or remove the variable.", error.Exception.Message);
    }

    /// <summary>
    /// Every cmdlet that talks to the service, and Connect-Imagen, takes every setting, and each setting is declared
    /// once in the whole module (no cmdlet declares its own -ThrottleLimit or -MaximumBandwidth again).
    /// </summary>
    [Fact]
    public void EveryCmdletThatTalksToTheServiceTakesTheSettingsDeclaredOnce()
    {
        var assembly = ModuleAssembly();
        var settingsBase = assembly.GetType("Imagen.PowerShell.Infrastructure.ImagenSettingsCmdlet", throwOnError: true)!;
        var apiBase = assembly.GetType("Imagen.PowerShell.Infrastructure.ImagenApiCmdlet", throwOnError: true)!;
        string[] settings = settingsBase.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Select(p => p.Name).ToArray();
        Assert.Superset(new HashSet<string> { "MaxRetryCount", "RetryDelaySec", "UploadRetryWindowSec", "WaitTimeoutSec", "MaximumBandwidth", "ThrottleLimit" }, settings.ToHashSet());

        var cmdlets = assembly.GetTypes().Where(t => !t.IsAbstract && t.GetCustomAttribute<CmdletAttribute>() is not null).ToList();
        var talking = cmdlets.Where(t => apiBase.IsAssignableFrom(t) || t.Name == "ConnectImagenCommand").ToList();
        Assert.True(talking.Count >= 26, $"only {talking.Count} cmdlets talk to the service");
        foreach (var cmdlet in talking)
        {
            foreach (string setting in settings)
            {
                var property = cmdlet.GetProperty(setting);
                Assert.True(property?.GetCustomAttribute<ParameterAttribute>() is not null, $"{cmdlet.Name} has no -{setting}");
                Assert.Equal(settingsBase, property!.DeclaringType);
            }
        }

        var redeclared = assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly).Where(p => settings.Contains(p.Name)).Select(p => t.Name + "." + p.Name))
            .Where(p => !p.StartsWith(settingsBase.Name + ".", StringComparison.Ordinal));
        Assert.Empty(redeclared);
    }

    /// <summary>The module's cmdlet assembly as PowerShell loaded it (the test project does not reference it).</summary>
    private Assembly ModuleAssembly() => (Assembly)Run("(Get-Module Imagen).NestedModules[0].ImplementingAssembly").Output.Single().BaseObject;

    [Fact]
    public void TheSmartEditingPairDeclaresItsOptionsOnce()
    {
        var assembly = ModuleAssembly();
        var invoke = assembly.GetType("Imagen.PowerShell.Cmdlets.InvokeImagenSmartEditCommand")!;
        var start = assembly.GetType("Imagen.PowerShell.Cmdlets.StartImagenSmartEditCommand")!;
        foreach (string option in new[] { "HdrMerge", "SkyReplacement", "SkyReplacementTemplateId", "PerspectiveCorrection", "CallbackUrl", "Force" })
        {
            Assert.Same(invoke.GetProperty(option)!.DeclaringType, start.GetProperty(option)!.DeclaringType);
            Assert.Equal("SmartEditOptionsCmdlet", invoke.GetProperty(option)!.DeclaringType!.Name);
        }
    }
}
