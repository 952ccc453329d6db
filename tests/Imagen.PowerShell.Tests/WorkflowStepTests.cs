using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>Issue #4 point 3: the SDK step by step, composed by pipeline.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class WorkflowStepTests : WorkflowSharedEmulatorTests
{
    public WorkflowStepTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public async Task CreateUploadEditWaitExportAndSaveStepByStep()
    {
        string shoot = Kit.Shoot("Steps", 3, "raw");
        string output = Path.Combine(Kit.Root, "delivery");
        string name = "Steps_" + System.Guid.NewGuid().ToString("N").Substring(0, 6);

        var result = Kit.Run(
            "$p = New-ImagenProject -Name $name; " +
            "$u = $p | Send-ImagenFile -Path ([IO.Path]::Combine($shoot, '*')); " +
            "$e = $u | Start-ImagenEdit -ProfileKey 21427 -PhotographyType LANDSCAPE_NATURE -Straighten -CropAspectRatio 4X5 -Crop | Wait-ImagenEdit; " +
            "$x = $p | Start-ImagenExport | Wait-ImagenExport; " +
            "$links = $p | Get-ImagenDownloadLink -Kind Export; " +
            "$p | Save-ImagenResult -Kind All -Path $out; " +
            "(Get-ImagenProject -Name $name).ProjectId -eq $p.ProjectId; " +
            "(Get-ImagenProject -ProjectId $p.ProjectId).Name; " +
            "(Get-ImagenProject -Name 'Steps_*' | Where-Object ProjectId -eq $p.ProjectId).Count; " +
            "$u.Succeeded; $e.Status; $e.Kind.ToString(); $x.Status; $links.Count; ($p | Get-ImagenEditStatus).State.ToString(); (Get-ImagenExportStatus $p.ProjectId).Status",
            new() { ["shoot"] = shoot, ["out"] = output, ["name"] = name });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, name, 1, 3, "Completed", "Edit", "Completed", 3, "Completed", "Completed" }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(3, WorkflowTestKit.FilesIn(output).Count);
        Assert.Equal(3, WorkflowTestKit.FilesIn(Path.Combine(output, "Imagen Export"), "*.jpg").Count);
        var routes = await Kit.RoutesAsync();
        Assert.Contains("export", routes);
    }

    [Fact]
    public async Task StartImagenEditWithWhatIfOrConflictingOptionsSendsNoEdit()
    {
        int before = (await Kit.JournalAsync()).Count;
        var result = Kit.Run("$p = New-ImagenProject; Start-ImagenEdit -ProjectId $p.ProjectId -ProfileKey 5700 -WhatIf; " +
            "Start-ImagenEdit -ProjectId $p.ProjectId -ProfileKey 5700 -HeadshotCrop -Crop");

        Assert.Equal("ImagenConflictingEditOptions", Assert.Single(result.ErrorIds));
        Assert.DoesNotContain((await Kit.JournalAsync()).Skip(before).Select(WorkflowTestKit.Route), r => r == "edit");
    }

    [Fact]
    public async Task NoWaitReturnsAtOnceAndTheWaitAndSaveCmdletsTakeItFromThere()
    {
        string shoot = Kit.Shoot("Later", 2, "jpeg");
        string output = System.IO.Path.Combine(Kit.Root, "later");
        var result = Kit.Run(
            "$r = Get-ImagenProfile -ProfileKey 29133 | Invoke-ImagenEdit -Path ([IO.Path]::Combine($shoot, '*')) -NoWait -Export; " +
            "$r.EditStatus; $w = $r | Wait-ImagenEdit; $w.Status; " +
            "$x = $r | Wait-ImagenExport; $x.Status; " +
            // Wait-ImagenExport's output binds -Kind Export by name: only the JPEGs are saved.
            "$x | Save-ImagenResult -Path $out -PassThru | ForEach-Object Name",
            new() { ["shoot"] = shoot, ["out"] = output });

        Assert.Empty(result.AllErrors);
        Assert.NotEqual("Completed", result.Output[0].BaseObject);
        Assert.Equal("Completed", result.Output[1].BaseObject);
        Assert.Equal("Completed", result.Output[2].BaseObject);
        Assert.Equal(2, result.Output.Count - 3);
        Assert.All(result.Output.Skip(3), o => Assert.EndsWith(".jpg", o.ToString()));
        Assert.Equal(2, WorkflowTestKit.FilesIn(output).Count);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task WaitTimeoutSecGivesUpWithAnErrorWhileTheEditGoesOn()
    {
        await using var slow = await Imagen.Emulator.EmulatorServer.StartAsync(new Imagen.Emulator.EmulatorOptions { SecondsPerPhoto = 120 });
        using var kit = new WorkflowTestKit(slow);
        string shoot = kit.Shoot("Slow", 1, "raw");
        var result = kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -NoWait | Wait-ImagenEdit -TimeoutSec 1",
            new() { ["shoot"] = shoot });

        Assert.Equal("ImagenWaitTimeout", Assert.Single(result.ErrorIds));
        var status = Assert.Single(result.Output);
        Assert.Equal("InProgress", status.Properties["State"].Value.ToString());
    }

    [Fact]
    public void EveryWorkflowOutputTypeHasATableViewAndSignedLinksStayOffScreen()
    {
        // No Out-String in the hosted engine: read the module's format file as PowerShell loads it.
        var result = Kit.Run(
            "[xml]$views = [IO.File]::ReadAllText((Get-Module Imagen).ExportedFormatFiles[0]); " +
            "foreach ($command in 'Invoke-ImagenEdit','Get-ImagenProject','Get-ImagenEditStatus','Send-ImagenFile','Get-ImagenDownloadLink') { " +
            "  $type = (Get-Command $command).OutputType[0].Type.FullName; " +
            "  $view = $views.Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq $type }; " +
            "  $columns = @($view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem | ForEach-Object { if ($_.PropertyName) { $_.PropertyName } else { $_.ScriptBlock } }); " +
            "  \"$command|$type|$($columns -join ',')\" }");

        Assert.Empty(result.AllErrors);
        var rows = result.Output.Select(o => o.ToString()!.Split('|')).ToDictionary(r => r[0]);
        Assert.Equal(5, rows.Count);
        Assert.All(rows.Values, r => Assert.NotEqual(string.Empty, r[2]));
        Assert.Contains("EditStatus", rows["Invoke-ImagenEdit"][2]);
        Assert.Contains("ProjectId", rows["Get-ImagenProject"][2]);
        Assert.Contains("Progress", rows["Get-ImagenEditStatus"][2]);
        Assert.Equal("ProjectId,Kind,FileName", rows["Get-ImagenDownloadLink"][2]);
    }

    [Fact]
    public async Task SkyTemplatesFeedSkyReplacementTemplateId()
    {
        string shoot = Kit.Shoot("Sky", 2, "raw");
        int before = (await Kit.JournalAsync()).Count;
        var result = Kit.Run("$all = Get-ImagenSkyTemplate; $all.Count -gt 0; @($all | Where-Object IsDefault).Count; " +
            "$sky = $all | Where-Object IsDefault; " +
            "(Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 71025 -PhotographyType REAL_ESTATE -SkyReplacement -SkyReplacementTemplateId $sky.Id -WindowPull).EditStatus",
            new() { ["shoot"] = shoot });

        Assert.Empty(result.AllErrors);
        Assert.Equal(new object[] { true, 1, "Completed" }, result.Output.Select(o => o.BaseObject));
        Assert.Contains("sky-templates", (await Kit.RoutesAsync()).Skip(before));
    }

    [Fact]
    public void StatusOfAnUnknownProjectIsANonTerminatingNotFound()
    {
        var result = Kit.Run("'000000000000000000000000', '111111111111111111111111' | Get-ImagenEditStatus; 'after'");
        Assert.Null(result.Terminating);
        Assert.Equal(2, result.Errors.Count);
        Assert.Equal("after", result.Output.Last().BaseObject);
    }

    [Fact]
    public void EveryStepCmdletIsExportedWithApprovedVerbsAndOutputTypes()
    {
        var result = Kit.Run(
            "$verbs = 'VerbsCommon','VerbsLifecycle','VerbsData','VerbsCommunications','VerbsDiagnostic','VerbsOther','VerbsSecurity' | ForEach-Object { ([type]\"System.Management.Automation.$_\").GetFields().ForEach({ $_.GetValue($null) }) }; " +
            "'Invoke-ImagenEdit','Save-ImagenResult','New-ImagenProject','Get-ImagenProject','Send-ImagenFile','Start-ImagenEdit'," +
            "'Get-ImagenEditStatus','Get-ImagenExportStatus','Wait-ImagenEdit','Wait-ImagenExport','Start-ImagenExport','Get-ImagenDownloadLink','Get-ImagenSkyTemplate' | " +
            "ForEach-Object { $c = Get-Command $_ -Module Imagen; \"$($c.Name) $($verbs -contains $c.Verb) $($c.OutputType.Count -gt 0)\" }");
        Assert.Empty(result.AllErrors);
        Assert.Equal(13, result.Output.Count);
        Assert.All(result.Output, o => Assert.EndsWith(" True True", o.ToString()));
    }
}
