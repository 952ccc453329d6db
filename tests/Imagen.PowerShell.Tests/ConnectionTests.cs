using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>Issue #2 point 3: Connect-Imagen, the environment variables, per-call overrides, and the key's secrecy.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class ConnectionTests : System.IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _session = new();
    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null));

    public ConnectionTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    private PowerShellResult Run(string script, PowerShellSession? session = null) => (session ?? _session).Invoke(script, new Dictionary<string, object?>
    {
        ["key"] = PowerShellSession.Secure(_emulator.ApiKey),
        ["badKey"] = PowerShellSession.Secure("wrong-" + _emulator.ApiKey),
        ["url"] = _emulator.BaseUrl,
    });

    [Fact]
    public void WithNoKeyAnywhereACommandStopsWithOneErrorNamingTheThreeWays()
    {
        var result = Run("try { Get-ImagenProfile; 'not reached' } catch { $_ }");
        Assert.Empty(result.Errors);
        var error = (ErrorRecord)result.Output.Single().BaseObject;
        Assert.Equal("ImagenApiKeyMissing,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        var message = error.Exception.Message;
        Assert.Contains("Connect-Imagen", message);
        Assert.Contains("-ApiKey", message);
        Assert.Contains("IMAGEN_API_KEY", message);
    }

    [Fact]
    public void ConnectImagenValidatesTheKeyAndReportsTheConnectionWithoutIt()
    {
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url -PassThru; Get-ImagenConnection");
        Assert.Empty(result.AllErrors);
        Assert.Equal(2, result.Output.Count);
        var passThru = result.Output[0];
        Assert.Equal("Imagen.PowerShell.ImagenConnectionInfo", passThru.BaseObject.GetType().FullName);
        Assert.Equal(_emulator.BaseUrl, passThru.Properties["BaseUrl"].Value.ToString());
        Assert.Equal("Session", passThru.Properties["ApiKeySource"].Value.ToString());
        Assert.Equal(12, passThru.Properties["ProfileCount"].Value);
        Assert.True((bool)result.Output[1].Properties["IsConnected"].Value);
        Assert.DoesNotContain(_emulator.ApiKey, result.AllText());
    }

    [Fact]
    public void ConnectImagenWithABadKeyFailsAndKeepsThePreviousConnection()
    {
        Assert.Empty(Run("Connect-Imagen -ApiKey $key -BaseUrl $url").AllErrors);
        var result = Run("try { Connect-Imagen -ApiKey $badKey -BaseUrl $url; 'not reached' } catch { $_.FullyQualifiedErrorId }; Get-ImagenProfile -ProfileKey 5700 | ForEach-Object ProfileKey");
        Assert.Equal(new object[] { "ImagenAuthenticationFailed,Imagen.PowerShell.Cmdlets.ConnectImagenCommand", 5700 }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void SkipValidationConnectsWithoutAskingTheServer()
    {
        var result = Run("Connect-Imagen -ApiKey $badKey -BaseUrl $url -SkipValidation; try { Get-ImagenProfile } catch { $_.FullyQualifiedErrorId }");
        Assert.Equal("ImagenAuthenticationFailed,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand", result.Output.Single().ToString());
    }

    [Fact]
    public void PerCallApiKeyOverridesTheSessionKey()
    {
        var result = Run("Connect-Imagen -ApiKey $badKey -BaseUrl $url -SkipValidation; Get-ImagenProfile -ProfileKey 5700 -ApiKey $key | ForEach-Object ProfileKey");
        Assert.Empty(result.AllErrors);
        Assert.Equal(5700, result.Output.Single().BaseObject);
    }

    [Fact]
    public void EnvironmentVariablesServeScheduledTasks()
    {
        using var variables = new EnvironmentScope(("IMAGEN_API_KEY", _emulator.ApiKey), ("IMAGEN_BASE_URL", _emulator.BaseUrl));
        var result = Run("Get-ImagenProfile -ProfileKey 5700 | ForEach-Object ProfileKey; $c = Get-ImagenConnection; $c.ApiKeySource.ToString(); $c.BaseUrlSource.ToString(); $c.IsConnected");
        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { 5700, "Environment", "Environment", false }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void TheSessionConnectionWinsOverTheEnvironment()
    {
        using var variables = new EnvironmentScope(("IMAGEN_API_KEY", "env-key-that-is-wrong"), ("IMAGEN_BASE_URL", _emulator.BaseUrl));
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url; Get-ImagenProfile -ProfileKey 5700 | ForEach-Object ProfileKey; (Get-ImagenConnection).ApiKeySource.ToString()");
        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { 5700, "Session" }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void TheDefaultBaseUrlIsProduction()
    {
        var result = Run("$c = Get-ImagenConnection; $c.BaseUrl.ToString(); $c.BaseUrlSource.ToString(); $c.ApiKeySource.ToString()");
        Assert.Equal(new object[] { "https://api.imagen-ai.com/v1", "Default", "None" }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void DisconnectImagenForgetsTheSessionConnection()
    {
        var result = Run("Connect-Imagen -ApiKey $key -BaseUrl $url; Disconnect-Imagen; (Get-ImagenConnection).ApiKeySource.ToString(); try { Get-ImagenProfile } catch { $_.FullyQualifiedErrorId }");
        Assert.Equal(new object[] { "None", "ImagenApiKeyMissing,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand" }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void EachSessionHasItsOwnConnection()
    {
        Assert.Empty(Run("Connect-Imagen -ApiKey $key -BaseUrl $url").AllErrors);
        using var other = new PowerShellSession();
        var result = Run("(Get-ImagenConnection).ApiKeySource.ToString()", other);
        Assert.Equal("None", result.Output.Single().ToString());
    }

    [Theory]
    [InlineData("http://example.com/v1")]
    [InlineData("http://10.1.2.3:5080/v1")]
    [InlineData("ftp://127.0.0.1/v1")]
    [InlineData("not a url")]
    public void PlainHttpOffLoopbackAndBadUrlsAreRefusedBeforeAnyRequest(string badUrl)
    {
        var result = _session.Invoke("try { Get-ImagenProfile -ApiKey $k -BaseUrl $u } catch { $_ }; try { Connect-Imagen -ApiKey $k -BaseUrl $u } catch { $_ }",
            new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(_emulator.ApiKey), ["u"] = badUrl });
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Output.Count);
        foreach (var error in result.Output.Select(o => (ErrorRecord)o.BaseObject))
        {
            Assert.StartsWith("ImagenInvalidBaseUrl,", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.Contains(badUrl, error.Exception.Message);
        }

        Assert.DoesNotContain(_emulator.ApiKey, result.AllText());
    }

    [Fact]
    public void ABaseUrlHoldingTheKeyIsRefusedWithoutShowingTheKey()
    {
        using var variables = new EnvironmentScope(("IMAGEN_API_KEY", _emulator.ApiKey), ("IMAGEN_BASE_URL", "http://127.0.0.1:1/" + _emulator.ApiKey + "/v1"));
        var result = Run("try { Get-ImagenProfile } catch { $_; $_.TargetObject; $_.Exception.ToString() }");

        var error = (ErrorRecord)result.Output.First().BaseObject;
        Assert.StartsWith("ImagenInvalidBaseUrl,", error.FullyQualifiedErrorId);
        Assert.Contains("IMAGEN_BASE_URL", error.Exception.Message);
        Assert.Contains("contains the API key", error.Exception.Message);
        Assert.DoesNotContain(_emulator.ApiKey, result.AllText());
        Assert.DoesNotContain(_emulator.ApiKey, string.Join("\n", result.Output.Select(o => o.ToString())));
    }

    [Theory]
    [InlineData("-BaseUrl")]
    [InlineData("IMAGEN_BASE_URL")]
    public void ABadBaseUrlHoldingTheKeyIsRefusedWithoutShowingTheKey(string from)
    {
        // Plain http off loopback is refused with the URL quoted, unless the URL holds the key.
        var url = "http://imagen.example.org/" + _emulator.ApiKey + "/v1";
        using var variables = new EnvironmentScope(("IMAGEN_API_KEY", _emulator.ApiKey), ("IMAGEN_BASE_URL", from == "IMAGEN_BASE_URL" ? url : null));
        var command = from == "-BaseUrl" ? "Get-ImagenProfile -BaseUrl $u" : "Get-ImagenProfile";
        var result = _session.Invoke($"try {{ {command} }} catch {{ $_; $_.TargetObject; $_.Exception.ToString() }}; try {{ Get-ImagenConnection }} catch {{ $_; $_.TargetObject }}",
            new Dictionary<string, object?> { ["u"] = url });

        var error = (ErrorRecord)result.Output.First().BaseObject;
        Assert.StartsWith("ImagenInvalidBaseUrl,", error.FullyQualifiedErrorId);
        Assert.Contains("contains the API key", error.Exception.Message);
        Assert.DoesNotContain(_emulator.ApiKey, result.AllText());
        Assert.DoesNotContain(_emulator.ApiKey, string.Join("\n", result.Output.Select(o => o.ToString())));
    }

    [Fact]
    public void ABadUrlInTheEnvironmentIsNamedAsSuch()
    {
        using var variables = new EnvironmentScope(("IMAGEN_API_KEY", _emulator.ApiKey), ("IMAGEN_BASE_URL", "http://imagen.example.org/v1"));
        var result = Run("try { Get-ImagenProfile } catch { $_.Exception.Message }");
        Assert.Contains("IMAGEN_BASE_URL", result.Output.Single().ToString());
        Assert.DoesNotContain(_emulator.ApiKey, result.AllText());
    }

    [Fact]
    public void LoopbackHttpIsAllowed()
    {
        var url = _emulator.BaseUrl.Replace("127.0.0.1", "localhost");
        var result = _session.Invoke("Get-ImagenProfile -ProfileKey 5700 -ApiKey $k -BaseUrl $u | ForEach-Object ProfileKey",
            new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(_emulator.ApiKey), ["u"] = url });
        Assert.Empty(result.AllErrors);
        Assert.Equal(5700, result.Output.Single().BaseObject);
    }

    [Fact]
    public void TheKeyIsAbsentFromEveryStreamWithVerboseAndDebugOn()
    {
        using var photos = new PhotoFolder();
        photos.Cr2("IMG_1.cr2");
        photos.Jpeg("IMG_2.jpg");
        var script = string.Join("\n",
            "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $WarningPreference = 'Continue'",
            "Connect-Imagen -ApiKey $key -BaseUrl $url -PassThru -Verbose -Debug",
            "Get-ImagenConnection",
            "Get-ImagenProfile -Verbose -Debug",
            "Get-ImagenProfile -ProfileKey 5700, 424242 -Verbose -Debug",
            "Test-ImagenProfileFiles -Path ([IO.Path]::Combine($dir, '*')) -ProfileKey 5700 -Detailed -Verbose -Debug",
            "try { Get-ImagenProfile -ApiKey $badKey -Verbose -Debug } catch { $_; $_.Exception.ToString(); $_.ErrorDetails | ForEach-Object { $_.Message } }",
            "$ExecutionContext.InvokeCommand.ExpandString('$key')",
            "Get-Variable | ForEach-Object { \"$($_.Name)=$($_.Value)\" }");
        var result = _session.Invoke(script, new Dictionary<string, object?>
        {
            ["key"] = PowerShellSession.Secure(_emulator.ApiKey),
            ["badKey"] = PowerShellSession.Secure("wrong-" + _emulator.ApiKey),
            ["url"] = _emulator.BaseUrl,
            ["dir"] = photos.Root,
        });

        // The run produced something on every stream the key could leak into.
        Assert.NotEmpty(result.Output);
        Assert.NotEmpty(result.Verbose);
        Assert.NotEmpty(result.Debug);
        Assert.NotEmpty(result.AllErrors);
        var text = result.AllText();
        Assert.DoesNotContain(_emulator.ApiKey, text);
        Assert.Contains("GET", text);
    }

    public void Dispose()
    {
        _session.Dispose();
        _environment.Dispose();
    }
}
