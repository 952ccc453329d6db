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
    public void AFinishedRunIsListedWithItsProjectAndCountsAndCanBeRemoved()
    {
        string shoot = Kit.Shoot("Listed", 6, "raw");
        int photos = WorkflowTestKit.FilesIn(shoot, "*.cr2").Count;

        var edit = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*.cr2')) | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult", new() { ["shoot"] = shoot });
        Assert.Null(edit.Terminating);
        Assert.Empty(edit.Errors);
        var summary = Assert.Single(edit.Information, i => i.Tags.Contains("ImagenRunSummary"));
        Assert.Contains($"{photos} of {photos} files uploaded, billed", summary.MessageData.ToString());

        var listed = Kit.Run("Get-ImagenRun");
        var run = Assert.Single(listed.Output);
        string projectId = (string)run.Properties["ProjectId"].Value;
        Assert.Contains(projectId, summary.MessageData.ToString());
        Assert.Equal("Finished", run.Properties["Status"].Value.ToString());
        Assert.Equal(photos, (int)run.Properties["FileCount"].Value);
        Assert.Equal(photos, (int)run.Properties["UploadedCount"].Value);
        Assert.Single(Kit.Run("Get-ImagenRun -ProjectId $id", new() { ["id"] = projectId }).Output);
        Assert.Empty(Kit.Run("Get-ImagenRun -Status Pending").Output);

        Kit.Run("Get-ImagenRun | Remove-ImagenRun -WhatIf");
        Assert.Single(Kit.Run("Get-ImagenRun").Output);

        var removed = Kit.Run("Get-ImagenRun -Status Finished | Remove-ImagenRun -Confirm:$false");
        Assert.Empty(removed.AllErrors);
        Assert.Empty(Kit.Run("Get-ImagenRun").Output);
        Assert.DoesNotContain(Directory.GetDirectories(Kit.RunStorePath), d => Path.GetFileName(d) != "locks");
    }
}
