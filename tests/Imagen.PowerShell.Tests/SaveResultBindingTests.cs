using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 17 points 2 and 3: Save-ImagenResult binds only what means a project to save (not an enhancement result,
/// not a log line), writes no run record that lies about a Smart Editing project, and writes nowhere the user did
/// not ask: no -Path and no known originals is an error before any request, and a folder a stopped or failed save
/// created is not left behind empty.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class SaveResultBindingTests : WorkflowSharedEmulatorTests
{
    private readonly EmulatorFixture _emulator;

    public SaveResultBindingTests(EmulatorFixture emulator)
        : base(emulator)
    {
        _emulator = emulator;
    }

    private int Requests => _emulator.Server.Journal.Count;

    [Fact]
    public void AnEnhancementPipedToSaveImagenResultIsRefusedSayingWhatToUse()
    {
        string shoot = Kit.Shoot("Enhance", 2, "jpeg");
        string output = Path.Combine(Kit.Root, "out");
        string image = Path.GetFileName(WorkflowTestKit.FilesIn(shoot)[0]);
        var enhanced = Kit.Run("$e = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132 -Export; " +
            "$global:v = $e | Invoke-ImagenEnhancement -FileName $image -Tool hdr_boost -Force", new() { ["shoot"] = shoot, ["image"] = image });
        Assert.Empty(enhanced.AllErrors);
        int before = Requests;

        var result = Kit.Run("$global:v | Save-ImagenResult -Path $out", new() { ["out"] = output });

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("ImagenNotAProjectResult", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Complete-ImagenProject | Save-ImagenResult -Path", error.ToString());
        Assert.Equal(before, Requests);
        Assert.False(Directory.Exists(output));
    }

    [Theory]
    [InlineData("Imagen: project 'Smith' (65f3a1c2d4e5f6a7b8c9d0e1), run 20261126-0100: 3 of 3 files uploaded, billed; edit Completed")]
    [InlineData("D:\\Shoots\\Smith\\IMG_0001.CR2")]
    [InlineData("..")]
    [InlineData("65f3a1c2d4e5f6a7b8c9d0e1 ")]
    public void PipedTextBecomesAProjectIdOnlyWhenItCanBeOne(string text)
    {
        int before = Requests;

        var result = Kit.Run("$text | Save-ImagenResult -Path ([IO.Path]::Combine($root, 'out'))", new() { ["text"] = text });

        var error = Assert.Single(result.AllErrors);
        Assert.Equal("ParameterArgumentValidationError", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("is not a project id", error.ToString());
        Assert.Equal(before, Requests);
    }

    [Theory]
    [InlineData("Get-ImagenEditStatus -ProjectId 'a b'")]
    [InlineData("Get-ImagenProject -ProjectId 'x:y'")]
    [InlineData("Send-ImagenFile -ProjectId '../profiles' -Path $root")]
    [InlineData("Start-ImagenEdit -ProjectId 'Smith Wedding' -ProfileKey 5700 -Force")]
    [InlineData("Start-ImagenSmartEdit -ProjectId '.' -Force")]
    public void EveryProjectIdIsCheckedBeforeAnyRequest(string command)
    {
        int before = Requests;

        var result = Kit.Run("try { " + command + " } catch { $_ }");

        var error = (System.Management.Automation.ErrorRecord)result.Output.Single().BaseObject;
        Assert.Equal("ParameterArgumentValidationError", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("is not a project id", error.ToString());
        Assert.Equal(before, Requests);
    }

    /// <summary>The help's "nightly form" of Invoke-ImagenEdit, as written, in a real pwsh: the summary goes to the log, the result to Save-ImagenResult.</summary>
    [Fact]
    public void TheHelpsNightlyFormLogsItsSummaryAndSavesTheResults()
    {
        string source = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "src", "Imagen.PowerShell", "Cmdlets", "InvokeImagenEditCommand.cs"));
        var example = Regex.Matches(source, "<code>(.*?)</code><para>(.*?)</para>").Single(m => m.Groups[2].Value.StartsWith("The nightly form", StringComparison.Ordinal));
        string code = WebUtility.HtmlDecode(example.Groups[1].Value);
        string shoot = Kit.Shoot(Path.Combine("Shoots", "Nightly"), 2, "raw");
        string log = Path.Combine(Kit.Root, "imagen.log");
        string script = code.Replace(@"D:\Shoots", Path.GetDirectoryName(shoot), StringComparison.Ordinal).Replace(@"D:\Logs\imagen.log", log, StringComparison.Ordinal);
        Assert.NotEqual(code, script);

        var run = RealPowerShell.Run(
            new[] { "-Command", $"Import-Module '{RepositoryRoot.ManifestPath}'; $ErrorActionPreference = 'Stop'; {script}" },
            new Dictionary<string, string?>
            {
                ["IMAGEN_API_KEY"] = _emulator.ApiKey,
                ["IMAGEN_BASE_URL"] = _emulator.BaseUrl,
                ["IMAGEN_RUN_PATH"] = Kit.RunStorePath,
                ["IMAGEN_POLL_INTERVAL_SEC"] = "0.2",
                ["IMAGEN_QUIET_PERIOD_SEC"] = "0",
            },
            TimeSpan.FromMinutes(2));

        Assert.True(run.ExitCode == 0, run.Output + run.Errors);
        Assert.Contains("Imagen: shoot 'Nightly'", File.ReadAllText(log));
        Assert.Equal(2, WorkflowTestKit.FilesIn(shoot, "*.xmp").Count + WorkflowTestKit.FilesIn(Path.Combine(shoot, "Imagen Edit")).Count);
        Assert.Equal(2, WorkflowTestKit.FilesIn(Path.Combine(shoot, "Imagen Export"), "*.jpg").Count);
    }

    [Fact]
    public void SavingASmartEditAddsNoRunRecordThatSaysNothingWasUploadedOrBilled()
    {
        string shoot = Kit.Shoot("Listing", 5, "jpeg");

        var result = Kit.Run(
            "$r = Get-ChildItem ([IO.Path]::Combine($shoot, '*.jpg')) | Invoke-ImagenSmartEdit -Force; $r | Save-ImagenResult; " +
            "$s = @(Get-ImagenRun | Where-Object ProjectId -eq $r.ProjectId); $s.Count; $s[0].Photos; $s[0].Billed; $s[0].Projects.Count",
            new() { ["shoot"] = shoot });

        Assert.Empty(result.AllErrors);
        Assert.Equal(5, WorkflowTestKit.FilesIn(Path.Combine(shoot, "Imagen Edit"), "*.jpg").Count);
        Assert.Equal(new object[] { 1, 5, 5, 1 }, result.Output.Select(o => o.BaseObject)); // the Smart Edit's own record, no save-only one beside it
    }

    [Fact]
    public void WithNoRunRecordAndNoPathNothingIsRequestedOrWrittenAndTheErrorNamesPath()
    {
        string shoot = Kit.Shoot("Elsewhere", 2, "raw");
        var edit = Kit.Run("(Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700).ProjectId", new() { ["shoot"] = shoot });
        Assert.Empty(edit.AllErrors);
        Directory.Delete(Kit.RunStorePath, recursive: true); // edited on another machine, as far as this one knows
        string here = Directory.CreateDirectory(Path.Combine(Kit.Root, "current")).FullName;
        var variables = new Dictionary<string, object?> { ["id"] = edit.Output.Single().ToString(), ["here"] = here };
        int before = Requests;

        var byId = Kit.RunInNewSession("$null = $ExecutionContext.SessionState.Path.SetLocation($here); Save-ImagenResult -ProjectId $id", variables);
        Assert.All(_emulator.Server.Journal.Skip(before), e => Assert.Equal("profiles", e.Route)); // only Connect-Imagen's check of the key
        var byLinks = Kit.RunInNewSession("$null = $ExecutionContext.SessionState.Path.SetLocation($here); Get-ImagenDownloadLink -ProjectId $id | Save-ImagenResult", variables);

        foreach (var result in new[] { byId, byLinks })
        {
            var error = Assert.Single(result.AllErrors);
            Assert.Equal("ImagenDestinationRequired", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Contains("-Path", error.ToString());
        }

        Assert.Empty(Directory.GetFileSystemEntries(here));
        Assert.DoesNotContain(_emulator.Server.Journal.Skip(before), e => e.Route == "storage.get");
    }

    [Fact]
    public async Task CtrlCLeavesNoEmptyImagenExportFolder()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Halt", 3, "jpeg");
        var edited = kit.Run("$global:r = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132 -Export", new() { ["shoot"] = shoot });
        Assert.Empty(edited.AllErrors);
        string exports = Path.Combine(shoot, "Imagen Export");
        await kit.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"stall\"}]");

        kit.StopWhen("$global:r | Save-ImagenResult -Kind Export", null, _ => Directory.Exists(exports));

        Assert.False(Directory.Exists(exports), "the stopped save left an empty 'Imagen Export' folder");
    }

    [Fact]
    public async Task ASaveWhoseEveryFileFailsLeavesNoFolderItCreated()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Broken", 2, "raw");
        var edited = kit.Run("(Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700).ProjectId", new() { ["shoot"] = shoot });
        Assert.Empty(edited.AllErrors);
        await kit.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"500\"}]");
        string delivery = Path.Combine(kit.Root, "Delivery");

        var result = kit.Run("Save-ImagenResult -ProjectId $id -Path ([IO.Path]::Combine($delivery, 'Broken')) -MaxRetryCount 0 -DownloadRetryWindowSec 0", new() { ["id"] = edited.Output.Single().ToString(), ["delivery"] = delivery });

        Assert.Equal(new[] { "ImagenDownloadFailed", "ImagenDownloadFailed" }, result.ErrorIds);
        Assert.False(Directory.Exists(delivery), "the failed save left the folders it created");
    }

    [Fact]
    public void AShootRememberedInARunPathOfItsOwnIsSavedWholeFromThatStore()
    {
        string shoot = Kit.Shoot("OwnStore", 2, "raw");
        string runs = Path.Combine(Kit.Root, "own-runs");
        var first = Kit.Run("Invoke-ImagenEdit -Path $shoot -ProfileKey 5700 -RunPath $runs", new() { ["shoot"] = shoot, ["runs"] = runs });
        Assert.Empty(first.AllErrors);
        string added = WorkflowTestKit.FilesIn(Kit.Shoot("OwnStoreLater", 1, "raw"))[0];
        File.Move(added, Path.Combine(shoot, "LATER_" + Path.GetFileName(added)));

        // The follow-on's result names only the newest project: the shoot's first project is found in -RunPath's store.
        var second = Kit.Run("Invoke-ImagenEdit -Path $shoot -ProfileKey 5700 -RunPath $runs | Save-ImagenResult", new() { ["shoot"] = shoot, ["runs"] = runs });

        Assert.Empty(second.AllErrors);
        Assert.Equal(3, WorkflowTestKit.FilesIn(shoot, "*.xmp").Count);
    }
}
