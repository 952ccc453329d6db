using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 7 points 2 and 7: the run records as a user sees them (Get-ImagenRun lists them, Remove-ImagenRun cleans
/// them up, as azcopy jobs list/clean), and the one-line summary every run leaves on the Information stream.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class RunRecordCmdletTests : WorkflowSharedEmulatorTests
{
    public RunRecordCmdletTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public void AFolderEditedWithAProfileAndWithSmartEditingIsBothItsShoots()
    {
        string shoot = Kit.Shoot("Twice", 5, "jpeg");
        var vars = new Dictionary<string, object?> { ["shoot"] = shoot };
        Assert.Empty(Kit.Run("Invoke-ImagenEdit -Path $shoot -ProfileKey 29132", vars).AllErrors);
        Assert.Empty(Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*.jpg')) | Invoke-ImagenSmartEdit -Force", vars).AllErrors);

        var found = Kit.Run("Get-ImagenRun -Shoot $shoot | ForEach-Object ImageType", vars);

        Assert.Empty(found.AllErrors);
        Assert.Equal(new[] { "JPG", "SmartEdit" }, found.Output.Select(o => (string)o.BaseObject).OrderBy(t => t, StringComparer.Ordinal));
    }

    [Fact]
    public void AFinishedShootIsListedWithItsPhotosAndProjectsAndCanBeRemoved()
    {
        string shoot = Kit.Shoot("Listed", 6, "raw");
        int photos = WorkflowTestKit.FilesIn(shoot).Count;

        var edit = Kit.Run("Invoke-ImagenEdit -Path $shoot -ProfileKey 5700 | Save-ImagenResult", new() { ["shoot"] = shoot });
        Assert.Null(edit.Terminating);
        Assert.Empty(edit.Errors);
        var summary = Assert.Single(edit.Information, i => i.Tags.Contains("ImagenRunSummary"));
        Assert.Contains($"shoot 'Listed': {photos} of {photos} photo(s) edited; {photos} sent now", summary.MessageData.ToString());
        Assert.Contains($"{photos} photo(s) billed in all", summary.MessageData.ToString());

        var listed = Kit.Run("Get-ImagenRun");
        var found = Assert.Single(listed.Output);
        Assert.Equal("Imagen.Core.ImagenShoot", found.BaseObject.GetType().FullName);
        string projectId = (string)found.Properties["ProjectId"].Value;
        Assert.Contains(projectId, summary.MessageData.ToString());
        Assert.Equal("Finished", found.Properties["Status"].Value.ToString());
        Assert.Equal((photos, photos, 0, 0, photos), ((int)found.Properties["Photos"].Value, (int)found.Properties["Edited"].Value, (int)found.Properties["Pending"].Value, (int)found.Properties["Failed"].Value, (int)found.Properties["Billed"].Value));
        var project = PSObject.AsPSObject(Assert.Single(((System.Collections.IEnumerable)found.Properties["Projects"].Value).Cast<object>()));
        Assert.Equal(photos, (int)project.Properties["UploadedCount"].Value);
        Assert.Single(Kit.Run("Get-ImagenRun -ProjectId $id", new() { ["id"] = projectId }).Output);
        Assert.Single(Kit.Run("Get-ImagenRun -Shoot $shoot", new() { ["shoot"] = shoot }).Output);
        Assert.Empty(Kit.Run("Get-ImagenRun -Status Pending").Output);

        // A photo copied in later: the shoot is pending again (the next run sends just that photo).
        File.Copy(WorkflowTestKit.FilesIn(shoot)[0], Path.Combine(shoot, "ADDED_0099" + Path.GetExtension(WorkflowTestKit.FilesIn(shoot)[0])));
        var pending = Assert.Single(Kit.Run("Get-ImagenRun -Status Pending").Output);
        Assert.Equal(1, (int)pending.Properties["Pending"].Value);

        Kit.Run("Get-ImagenRun | Remove-ImagenRun -WhatIf");
        Assert.Single(Kit.Run("Get-ImagenRun").Output);

        var removed = Kit.Run("Get-ImagenRun | Remove-ImagenRun -Confirm:$false");
        Assert.Empty(removed.AllErrors);
        Assert.Empty(Kit.Run("Get-ImagenRun").Output);
        Assert.DoesNotContain(Directory.GetDirectories(Kit.RunStorePath), d => Path.GetFileName(d) is not ("locks" or "shoots"));
    }

    [Fact]
    public void ADamagedRecordIsSetAsideNamedAndRemovableAndABilledPendingRecordGoesOnlyWhenTheRemovalSaysItIsBilled()
    {
        string finished = Kit.Shoot("Finished", 2, "raw");
        string pending = Kit.Shoot("Pending", 2, "raw");
        Assert.Empty(Kit.Run("Invoke-ImagenEdit -Path $shoot -ProfileKey 5700", new() { ["shoot"] = finished }).AllErrors);
        Kit.Server.Update(o => o.SecondsPerPhoto = 30);
        Assert.Empty(Kit.Run("Invoke-ImagenEdit -Path $shoot -ProfileKey 5700 -NoWait", new() { ["shoot"] = pending }).AllErrors);

        // The finished shoot's record loses a field (valid JSON): it is set aside and named, and nothing else stops.
        string damaged = Directory.GetDirectories(Kit.RunStorePath).Single(d => File.Exists(Path.Combine(d, "run.json")) && File.ReadAllText(Path.Combine(d, "run.json")).Contains("Finished ("));
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(damaged, "run.json")))!.AsObject();
        json.Remove("state");
        File.WriteAllText(Path.Combine(damaged, "run.json"), json.ToJsonString());
        var listed = Kit.Run("Get-ImagenRun");
        Assert.Empty(listed.Errors);
        var notice = Assert.Single(listed.Warning);
        Assert.Contains(Path.GetFileName(damaged), notice.Message);
        Assert.Contains("set aside", notice.Message);
        Assert.Contains("Remove-ImagenRun -RunId", notice.Message);
        var stillPending = Assert.Single(listed.Output, o => (string)o.Properties["Name"].Value == "Pending");
        Assert.Equal("Pending", stillPending.Properties["Status"].Value.ToString());

        // The billed, unfinished project's record: without -Force a session that cannot ask refuses, saying it is billed.
        var refused = Kit.Run("Get-ImagenRun | Where-Object Name -eq 'Pending' | Remove-ImagenRun");
        var error = Assert.Single(refused.Errors);
        Assert.Equal("ImagenConfirmationNeeded", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("is billed and not finished", error.Exception.Message);
        Assert.Contains("-Force", error.Exception.Message);
        Assert.Single(Kit.Run("Get-ImagenRun").Output, o => (string)o.Properties["Name"].Value == "Pending");
        Assert.Empty(Kit.Run("Get-ImagenRun | Where-Object Name -eq 'Pending' | Remove-ImagenRun -Force").AllErrors);
        Assert.DoesNotContain(Kit.Run("Get-ImagenRun").Output, o => (string)o.Properties["Name"].Value == "Pending");

        // The set-aside record can be removed by its run id, like any other.
        var removed = Kit.Run("Remove-ImagenRun -RunId $id -Force", new() { ["id"] = Path.GetFileName(damaged) });
        Assert.Empty(removed.AllErrors);
        Assert.DoesNotContain(Directory.GetDirectories(Kit.RunStorePath), d => Path.GetFileName(d).StartsWith(Path.GetFileName(damaged), System.StringComparison.Ordinal));
    }
}
