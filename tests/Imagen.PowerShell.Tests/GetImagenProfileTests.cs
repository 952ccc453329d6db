using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>Issue #2 point 4: Get-ImagenProfile against the emulator, in the real engine.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class GetImagenProfileTests : System.IDisposable
{
    private readonly EmulatorFixture _emulator;
    private readonly PowerShellSession _session = new();
    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null));

    public GetImagenProfileTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
        var connect = Run("Connect-Imagen -ApiKey $key -BaseUrl $url");
        Assert.Empty(connect.AllErrors);
    }

    private PowerShellResult Run(string script) => _session.Invoke(script, new Dictionary<string, object?>
    {
        ["key"] = PowerShellSession.Secure(_emulator.ApiKey),
        ["url"] = _emulator.BaseUrl,
    });

    [Fact]
    public void WhereObjectImageTypeRawKeepsTheRawProfiles()
    {
        var result = Run("Get-ImagenProfile | Where-Object ImageType -eq RAW");
        Assert.Empty(result.AllErrors);
        Assert.Equal(7, result.Output.Count);
        Assert.All(result.Output, p =>
        {
            Assert.Equal("Imagen.Core.ImagenProfile", p.BaseObject.GetType().FullName);
            Assert.Equal("RAW", p.Properties["ImageType"].Value);
        });
        Assert.Contains(result.Output, p => (int)p.Properties["ProfileKey"].Value == 5700 && (string)p.Properties["ProfileName"].Value == "CLEAN & CRISP");
    }

    [Fact]
    public void ProfilesHaveTheFourPropertiesAndATableView()
    {
        var result = Run("$p = Get-ImagenProfile -ProfileKey 5700; $p.ProfileKey; $p.ProfileName; $p.ImageType; $p.ProfileType; " +
            "$p.GetType().FullName; (Get-Command Get-ImagenProfile).OutputType.Name; " +
            "[xml]$views = [IO.File]::ReadAllText((Get-Module Imagen).ExportedFormatFiles[0]); " +
            "$view = $views.Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq $p.GetType().FullName }; " +
            "$view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem.PropertyName -join ','");
        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { 5700, "CLEAN & CRISP", "RAW", "Talent", "Imagen.Core.ImagenProfile", "Imagen.Core.ImagenProfile", "ProfileKey,ImageType,ProfileType,ProfileName" },
            result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void ProfileKeysAreReturnedInTheOrderAsked()
    {
        var result = Run("Get-ImagenProfile -ProfileKey 29132, 5700 | ForEach-Object ProfileKey");
        Assert.Equal(new object[] { 29132, 5700 }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void ProfileKeysBindFromThePipeline()
    {
        var result = Run("29132, 5700 | Get-ImagenProfile | ForEach-Object ProfileName");
        Assert.Empty(result.AllErrors);
        Assert.Equal(new[] { "MOMENTICOS", "CLEAN & CRISP" }, result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void AnUnknownKeyIsANonTerminatingObjectNotFound()
    {
        var result = Run("Get-ImagenProfile -ProfileKey 5700, 999, 29132 | ForEach-Object ProfileKey; 'after'");
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImagenProfileNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("ImagenProfileNotFound,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(999, error.TargetObject);
        Assert.Contains("999", error.Exception.Message);
        Assert.Equal(new object[] { 5700, 29132, "after" }, result.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void NameTakesWildcardsCaseInsensitively()
    {
        var result = Run("Get-ImagenProfile -Name '*true*' | ForEach-Object ProfileKey");
        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { 21427, 21428 }, result.Output.Select(o => o.BaseObject).OrderBy(k => k));

        var exact = Run("Get-ImagenProfile -Name 'clean & crisp', 'MOMENTICOS' | ForEach-Object ProfileKey");
        Assert.Equal(new object[] { 5700, 29132 }, exact.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void APlainNameMatchingNothingIsAnErrorButAWildcardIsNot()
    {
        var plain = Run("Get-ImagenProfile -Name 'NO SUCH STYLE'");
        var error = Assert.Single(plain.Errors);
        Assert.Equal("ImagenProfileNotFound", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(plain.Output);

        var wildcard = Run("Get-ImagenProfile -Name 'NO SUCH*'");
        Assert.Empty(wildcard.AllErrors);
        Assert.Empty(wildcard.Output);
    }

    [Fact]
    public void TabCompletionOfProfileKeyShowsProfileNames()
    {
        var result = Run("$c = TabExpansion2 -inputScript 'Get-ImagenProfile -ProfileKey ' -cursorColumn 30; " +
            "$c.CompletionMatches | ForEach-Object { $_.CompletionText + '|' + $_.ListItemText + '|' + $_.ToolTip }");
        Assert.Empty(result.AllErrors);
        var matches = result.Output.Select(o => o.ToString()!).ToArray();
        Assert.Equal(12, matches.Length);
        Assert.Contains("5700|5700 CLEAN & CRISP|5700: CLEAN & CRISP (RAW, Talent)", matches);
    }

    [Fact]
    public void TabCompletionMatchesAPartOfTheName()
    {
        var input = "Test-ImagenProfileFiles -Path x.cr2 -ProfileKey crisp";
        var result = _session.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($i, $i.Length, $null).CompletionMatches | ForEach-Object CompletionText",
            new Dictionary<string, object?> { ["i"] = input });
        Assert.Equal(new[] { "5700" }, result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void TabCompletionOfNameQuotesNames()
    {
        var input = "Get-ImagenProfile -Name clean";
        var result = _session.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($i, $i.Length, $null).CompletionMatches | ForEach-Object CompletionText",
            new Dictionary<string, object?> { ["i"] = input });
        Assert.Equal(new[] { "'CLEAN & CRISP'" }, result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task CompletionKeepsTheSessionsProfilesAfterACallToAnotherServer()
    {
        var profiles = System.IO.Path.GetTempFileName();
        await System.IO.File.WriteAllTextAsync(profiles,
            "{\"profiles\":[{\"profile_key\":1,\"profile_name\":\"ELSEWHERE\",\"profile_type\":\"Personal\",\"image_type\":\"RAW\"}]}");
        try
        {
            await using var other = await EmulatorFixture.StartAsync(new EmulatorOptions { ProfilesFile = profiles });
            var elsewhere = _session.Invoke("Get-ImagenProfile -ApiKey $k -BaseUrl $u | ForEach-Object ProfileName",
                new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(other.ApiKey), ["u"] = other.BaseUrl.ToString() });
            Assert.Equal("ELSEWHERE", elsewhere.Output.Single().ToString());

            var input = "Get-ImagenProfile -ProfileKey ";
            var completion = _session.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($i, $i.Length, $null).CompletionMatches | ForEach-Object CompletionText",
                new Dictionary<string, object?> { ["i"] = input });
            Assert.Equal(12, completion.Output.Count);
            Assert.DoesNotContain("1", completion.Output.Select(o => o.ToString()));
        }
        finally
        {
            System.IO.File.Delete(profiles);
        }
    }

    [Fact]
    public void DebugShowsEachHttpCall()
    {
        var result = Run("Get-ImagenProfile -Debug -Verbose | Out-Null");
        Assert.Empty(result.AllErrors);
        Assert.Contains(result.Debug, d => d.Message.Contains("GET") && d.Message.Contains("/v1/profiles") && d.Message.Contains("200"));
        Assert.Contains(result.Verbose, v => v.Message.Contains("profiles"));
    }

    [Theory]
    [InlineData(EnvelopeKinds.Data)]
    [InlineData(EnvelopeKinds.Bare)]
    [InlineData(EnvelopeKinds.List)]
    public async Task EveryResponseEnvelopeGivesTheSameProfiles(string envelope)
    {
        await using var server = await EmulatorFixture.StartAsync(new EmulatorOptions { Envelope = envelope });
        var result = _session.Invoke("Get-ImagenProfile -ApiKey $k -BaseUrl $u | Where-Object ImageType -eq JPG | ForEach-Object ProfileKey",
            new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(server.ApiKey), ["u"] = server.BaseUrl.ToString() });
        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { 29132, 29133, 21428, 328, 673 }.OrderBy(k => k), result.Output.Select(o => o.BaseObject).OrderBy(k => k));
    }

    [Fact]
    public async Task ABaseUrlWithoutTheApiPathSaysWhatToFixInTheErrorShown()
    {
        await using var server = await EmulatorFixture.StartAsync(new EmulatorOptions { ApiKey = "ps-test-key-" + Guid.NewGuid().ToString("N") });
        var wrong = new Uri(server.BaseUrl, "/").ToString(); // the emulator's root: no /v1
        var result = _session.Invoke(
            "try { Get-ImagenProfile -ApiKey $k -BaseUrl $u } catch { $_ }",
            new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(server.ApiKey), ["u"] = wrong });

        // PowerShell shows ErrorDetails in place of the exception's message: it must be more than "Not Found".
        var error = (ErrorRecord)Assert.Single(result.Output).BaseObject;
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Contains("404", error.ErrorDetails!.Message);
        Assert.Contains("GET /profiles", error.ErrorDetails.Message);
        Assert.Contains("base URL", error.ErrorDetails.Message);
        Assert.Contains("/v1", error.ErrorDetails.Message);
    }

    [Theory]
    [InlineData(ErrorDialects.Combined, 401)]
    [InlineData(ErrorDialects.Detail, 401)]
    [InlineData(ErrorDialects.Error, 401)]
    [InlineData(ErrorDialects.ErrorString, 401)]
    [InlineData(ErrorDialects.Detail, 403)]
    [InlineData(ErrorDialects.Error, 403)]
    public async Task ABadKeyIsOneTerminatingAuthenticationErrorInEveryDialect(string dialect, int status)
    {
        await using var server = await EmulatorFixture.StartAsync(new EmulatorOptions { ErrorDialect = dialect, AuthFailureStatus = status });
        var badKey = "bad-key-" + System.Guid.NewGuid().ToString("N");
        var result = _session.Invoke(
            "try { Get-ImagenProfile -ProfileKey 5700, 29132 -ApiKey $k -BaseUrl $u; 'not reached' } catch { $_ }",
            new Dictionary<string, object?> { ["k"] = PowerShellSession.Secure(badKey), ["u"] = server.BaseUrl.ToString() });

        Assert.Empty(result.Errors);
        var error = (ErrorRecord)Assert.Single(result.Output).BaseObject;
        Assert.Equal("ImagenAuthenticationFailed,Imagen.PowerShell.Cmdlets.GetImagenProfileCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.AuthenticationError, error.CategoryInfo.Category);
        Assert.False(string.IsNullOrWhiteSpace(error.ErrorDetails?.Message));
        Assert.Contains("Connect-Imagen", error.ErrorDetails!.RecommendedAction);
        Assert.DoesNotContain(badKey, new PowerShellResult
        {
            Output = result.Output, Errors = new[] { error }, Verbose = result.Verbose, Debug = result.Debug,
            Warning = result.Warning, Information = result.Information, Progress = result.Progress,
        }.AllText());
    }

    public void Dispose()
    {
        _session.Dispose();
        _environment.Dispose();
    }
}
