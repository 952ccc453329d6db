using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>Issue #9 point 2: the Smart Editing and Copilot cmdlets in the real engine, composed by pipeline.</summary>
[Collection(PowerShellCollection.Name)]
public sealed class SmartEditAndCopilotTests : WorkflowSharedEmulatorTests
{
    public SmartEditAndCopilotTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public async Task GetChildItemIntoInvokeImagenSmartEditIntoSaveImagenResult()
    {
        string shoot = Kit.Shoot("Listing", 5, "jpeg");

        var result = Kit.Run(
            "$DebugPreference = 'Continue'; " +
            "$r = Get-ChildItem ([IO.Path]::Combine($shoot, '*.jpg')) | Invoke-ImagenSmartEdit -Name $name -PerspectiveCorrection -Force -Verbose; " +
            "$r | Save-ImagenResult; $r.Status; $r.Links.Count; $r.ProjectId",
            new() { ["shoot"] = shoot, ["name"] = "Listing_" + System.Guid.NewGuid().ToString("N").Substring(0, 6) });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.NotEmpty(result.Debug);
        Assert.DoesNotContain(Kit.Server.ApiKey, result.AllText());
        Assert.Equal("Completed", result.Output[0].BaseObject);
        Assert.Equal(5, result.Output[1].BaseObject);
        string projectId = (string)result.Output[2].BaseObject;
        var saved = WorkflowTestKit.FilesIn(Path.Combine(shoot, "Imagen Edit"), "*.jpg");
        Assert.Equal(5, saved.Count);
        Assert.All(saved, f => Assert.Equal(0xFF, File.ReadAllBytes(f)[0]));
        Assert.Equal(5, WorkflowTestKit.FilesIn(shoot, "*.jpg").Count); // the originals are untouched, nothing beside them
        Assert.Equal(1, await Kit.BillableEditsAsync(projectId));
        Assert.Contains("i2i.edit", await Kit.RoutesAsync());
    }

    [Fact]
    public async Task AFileAboveTheMultipartThresholdGoesUpInParts()
    {
        string shoot = Kit.Shoot("Large", 5, "jpeg");
        string large = WorkflowTestKit.FilesIn(shoot)[0];
        File.WriteAllBytes(large, File.ReadAllBytes(large).Concat(new byte[2 * 1024 * 1024]).ToArray()); // still a JPEG: readers stop at its end
        int before = (await Kit.JournalAsync()).Count;

        var result = Kit.Run("(Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenSmartEdit -MultipartThreshold 1MB -Force).Status", new() { ["shoot"] = shoot });

        Assert.Empty(result.AllErrors);
        Assert.Equal("Completed", Assert.Single(result.Output).BaseObject);
        var routes = (await Kit.JournalAsync()).Skip(before).Select(WorkflowTestKit.Route).ToList();
        Assert.Single(routes, r => r == "i2i.multipart.create");
        Assert.Single(routes, r => r == "storage.part");
        Assert.Single(routes, r => r == "i2i.multipart.complete");
        Assert.Equal(4, routes.Count(r => r == "storage.put"));
    }

    [Fact]
    public async Task ANoWaitSmartEditIsCollectedByTheSameCommandAndSavedFromItsRunRecord()
    {
        string shoot = Kit.Shoot("Night", 5, "jpeg");
        var vars = new Dictionary<string, object?> { ["shoot"] = shoot };

        var night = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*.jpg')) | Invoke-ImagenSmartEdit -NoWait -Force | Save-ImagenResult", vars);
        var morning = Kit.Run("$r = Get-ChildItem ([IO.Path]::Combine($shoot, '*.jpg')) | Invoke-ImagenSmartEdit -Force; $r.Resumed; $r.SentEdit; $r.Status; $r.ProjectId", vars);
        var saved = Kit.Run("Get-ImagenRun -Shoot $shoot | Save-ImagenResult -PassThru | ForEach-Object Name", vars);
        int before = (await Kit.JournalAsync()).Count;
        var again = Kit.Run("Get-ImagenRun -Shoot $shoot | Save-ImagenResult -PassThru | ForEach-Object Name", vars);
        int after = (await Kit.JournalAsync()).Count;

        Assert.Empty(night.AllErrors);
        Assert.Contains(night.Warning, w => w.Message.Contains("is billed and its edit is still running", StringComparison.Ordinal)); // the night's save waits for the edit
        Assert.Empty(morning.AllErrors);
        Assert.Equal(new object[] { true, false, "Completed" }, morning.Output.Take(3).Select(o => o.BaseObject));
        string projectId = (string)morning.Output[3].BaseObject;
        Assert.Contains(morning.Information, i => i.MessageData.ToString()!.Contains("(continued)", StringComparison.Ordinal));
        Assert.Empty(saved.AllErrors);
        Assert.Equal(5, saved.Output.Count);
        Assert.Equal(5, WorkflowTestKit.FilesIn(System.IO.Path.Combine(shoot, "Imagen Edit"), "*.jpg").Count);
        Assert.Empty(again.AllErrors);
        Assert.Equal(5, again.Output.Count);
        Assert.Equal(before, after); // delivered as recorded: nothing asked of the service again
        var journal = await Kit.JournalAsync();
        Assert.Single(journal, e => WorkflowTestKit.Route(e) == "i2i.edit" && e.GetProperty("path").GetString()!.Contains(projectId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TooFewImagesRawFilesAndWhatIfCreateNothing()
    {
        string few = Kit.Shoot("Few", 3, "jpeg");
        string raw = Kit.Shoot("Raw", 5, "raw");
        int before = (await Kit.JournalAsync()).Count;

        var result = Kit.Run(
            "Get-ChildItem ([IO.Path]::Combine($few, '*')) | Invoke-ImagenSmartEdit -Force; " +
            "Get-ChildItem ([IO.Path]::Combine($raw, '*')) | Invoke-ImagenSmartEdit -Force; " +
            "Get-ChildItem ([IO.Path]::Combine($few, '*')), ([IO.Path]::Combine($raw, '*')) | Invoke-ImagenSmartEdit -WhatIf",
            new() { ["few"] = few, ["raw"] = raw });

        Assert.Null(result.Terminating);
        Assert.Contains("ImagenTooFewImages", result.ErrorIds);
        Assert.Contains(result.ErrorIds, id => id is "ImagenUnsupportedFileType" or "ImagenFileTypeMismatch");
        Assert.Empty((await Kit.JournalAsync()).Skip(before));
    }

    [Fact]
    public async Task StepCmdletsRunASmartEditAndGetSingleLinks()
    {
        string shoot = Kit.Shoot("SmartSteps", 5, "jpeg");
        string output = Path.Combine(Kit.Root, "delivery");

        var result = Kit.Run(
            "$p = New-ImagenProject -SmartEdit; " +
            "$u = Get-ChildItem ([IO.Path]::Combine($shoot, '*.jpg')) | Send-ImagenFile -ProjectId $p.ProjectId -SmartEdit; " +
            "$s = $p | Start-ImagenSmartEdit -Force | Wait-ImagenSmartEdit; " +
            "$s | Save-ImagenResult -Path $out; " +
            "$first = ($p | Get-ImagenDownloadLink -Kind SmartEdit)[0].FileName; " +
            "$one = Get-ImagenDownloadLink -ProjectId $p.ProjectId -Kind SmartEdit -FileName $first; " +
            "$up = Get-ImagenUploadLink -ProjectId (New-ImagenProject -SmartEdit).ProjectId -FileName extra.jpg; " +
            "$p.Source.ToString(); $u.Succeeded; $s.Status; $s.Kind.ToString(); $one.FileName -eq $first; $up.Kind.ToString(); $up.Url.Scheme",
            new() { ["shoot"] = shoot, ["out"] = output });

        Assert.Null(result.Terminating);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors.Select(e => e.InvocationInfo?.Line + " @ " + e.InvocationInfo?.MyCommand?.Name + ": " + e)));
        Assert.Equal(new object[] { "SmartEdit", 5, "Completed", "SmartEdit", true, "SmartEdit", "http" }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(5, WorkflowTestKit.FilesIn(output, "*.jpg").Count);
        var routes = await Kit.RoutesAsync();
        Assert.Contains("i2i.upload-links", routes);
        Assert.Contains("i2i.link", routes);
        Assert.Contains("i2i.upload-link", routes);
    }

    [Fact]
    public void SmartEditingProjectsAreListedFoundAndTheirNamesChecked()
    {
        string name = "Elm_" + System.Guid.NewGuid().ToString("N").Substring(0, 6);

        var result = Kit.Run(
            "Test-ImagenProjectName -Name $name; $p = New-ImagenProject -SmartEdit -Name $name; Test-ImagenProjectName $name; " +
            "(Get-ImagenProject -SmartEdit -Name 'Elm_*' | Where-Object ProjectId -eq $p.ProjectId).Name; " +
            "(Get-ImagenProject -SmartEdit -ProjectId $p.ProjectId).Status; " +
            "@(Get-ImagenProject | Where-Object ProjectId -eq $p.ProjectId).Count; " +
            "Get-ImagenProject -SmartEdit -ProjectId ffffffffffffffffffffffff",
            new() { ["name"] = name });

        Assert.Equal(new object[] { true, false, name, "Pending", 0 }, result.Output.Select(o => o.BaseObject));
        Assert.Equal(new[] { "ImagenNotFound" }, result.ErrorIds);
    }

    [Fact]
    public async Task EditExportCopilotCopilotFinalizeSave()
    {
        string shoot = Kit.Shoot("Copilot", 2, "jpeg");
        string output = Path.Combine(Kit.Root, "final");
        string image = Path.GetFileName(WorkflowTestKit.FilesIn(shoot)[0]);

        var result = Kit.Run(
            "$e = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132 -Export; " +
            "$c1 = $e | Invoke-ImagenCopilot -FileName $image -Instruction 'Make it brighter' -Force; " +
            "$c2 = $c1 | Invoke-ImagenCopilot -Instruction 'Now a little warmer' -Force; " +
            "$f = $c2 | Complete-ImagenProject -Force -Verbose -Debug; " +
            "$f | Save-ImagenResult -Path $out; " +
            "$c2.BasedOnVersionId -eq $c1.VersionId; $c1.BasedOnVersionId -eq $null; $f.Count; $c2.Status",
            new() { ["shoot"] = shoot, ["out"] = output, ["image"] = image });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { true, true, 2, "SUCCESS" }, result.Output.Select(o => o.BaseObject));
        Assert.DoesNotContain(Kit.Server.ApiKey, result.AllText());
        Assert.Equal(2, WorkflowTestKit.FilesIn(output, "*.jpg").Count);
        var routes = await Kit.RoutesAsync();
        Assert.Equal(2, routes.Count(r => r == "copilot"));
        Assert.Single(routes, r => r == "finalize");
    }

    [Fact]
    public async Task AiToolsEnhancementResetAndWhatIf()
    {
        string shoot = Kit.Shoot("Tools", 2, "jpeg");
        string image = Path.GetFileName(WorkflowTestKit.FilesIn(shoot)[0]);
        var setup = Kit.Run("(Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132 -Export).ProjectId", new() { ["shoot"] = shoot });
        string projectId = (string)setup.Output.Single().BaseObject;
        int before = (await Kit.JournalAsync()).Count;

        var result = Kit.Run(
            "$tools = Get-ImagenAiTool -ProjectId $id; " +
            "$completion = (TabExpansion2 -inputScript \"Invoke-ImagenEnhancement -ProjectId $id -FileName x.jpg -Tool remove_\" -cursorColumn (64 + $id.Length)).CompletionMatches.CompletionText; " +
            "Invoke-ImagenCopilot -ProjectId $id -FileName $image -Instruction 'brighter' -WhatIf; " +
            "$v = Invoke-ImagenEnhancement -ProjectId $id -FileName $image -Tool hdr_boost -Force; " +
            "$v | Reset-ImagenCopilot -Force; " +
            "$v | Invoke-ImagenCopilot -Instruction 'cooler' -Force; " +
            "($tools | Where-Object EnhancementType -eq 'remove_cameraman').Label; $completion; $v.Request",
            new() { ["id"] = projectId, ["image"] = image });

        Assert.Null(result.Terminating);
        Assert.Equal(new[] { "ImagenRequestRejected" }, result.ErrorIds.Distinct()); // the reset forgot the version the last copilot names
        Assert.Equal(new object[] { "Remove cameraman", "remove_cameraman", "hdr_boost" }, result.Output.Select(o => o.BaseObject));
        var routes = (await Kit.JournalAsync()).Skip(before).Select(WorkflowTestKit.Route).ToList();
        Assert.Single(routes, r => r == "copilot"); // -WhatIf sent nothing; the refused one was sent
        Assert.Single(routes, r => r == "enhance");
        Assert.Single(routes, r => r == "copilot.reset");
    }
}
