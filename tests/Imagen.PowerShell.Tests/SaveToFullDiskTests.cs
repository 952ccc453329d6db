using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;
using Imagen.Core.Tests.Support;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 16 point 5 in the real engine, on a real tmpfs: a disk that fills during the save, or a read-only folder,
/// stops the save at once with ONE error naming the folder, the saved and pending counts and what to do; local write
/// errors are not retried (the emulator's journal counts the downloads); the same command completes once there is
/// space, and nothing is billed twice.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class SaveToFullDiskTests : WorkflowSharedEmulatorTests
{
    private const string Pipeline = "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult -Path $out";

    public SaveToFullDiskTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [TmpfsFact]
    public async Task ADiskThatFillsDuringTheSaveStopsItWithOneErrorAndTheSameCommandCompletesOnceThereIsSpace()
    {
        string shoot = Kit.Shoot("Full", 12, "raw", seed: 9);
        using var disk = new Tmpfs("1m");
        string reference = Path.Combine(Kit.Root, "reference");
        var first = Kit.Run(Pipeline + " -PassThru | ForEach-Object Length", new() { ["shoot"] = shoot, ["out"] = reference });
        Assert.Empty(first.AllErrors);
        var pages = first.Output.Select(o => ((Convert.ToInt64(o.BaseObject) + 4095) / 4096) * 4096).OrderBy(n => n).ToList();
        Assert.Equal(12, pages.Count);

        // Room for about half the results: the disk fills in the middle of the save.
        disk.Fill(pages.Take(6).Sum());
        int getsBefore = await StorageGetsAsync();
        var full = Kit.Run(Pipeline, new() { ["shoot"] = shoot, ["out"] = disk.Path });

        var error = Assert.Single(full.AllErrors);
        Assert.Equal("ImagenLocalWriteFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(disk.Path, error.TargetObject);
        int saved = Results(disk).Count;
        Assert.InRange(saved, 1, 11);
        string message = error.ErrorDetails?.Message ?? error.Exception.Message;
        Assert.Contains(disk.Path, message);
        Assert.Contains("disk is full", message);
        Assert.Contains($"{saved} of 12 results are saved, {12 - saved} pending", message);
        Assert.Contains("Free space on that disk, then run the same command again", message);
        Assert.Contains(full.Information, i => i.MessageData.ToString()!.Contains($"{12 - saved} pending"));
        Assert.Empty(Directory.GetFiles(disk.Path, "*.imagen-partial"));

        // Not retried: the downloads that ran are those saved, plus at most the others in flight (5 at a time).
        int gets = await StorageGetsAsync() - getsBefore;
        Assert.InRange(gets, saved, saved + 5);

        // Space again: the same command saves the pending results only, and bills nothing.
        disk.Free();
        getsBefore = await StorageGetsAsync();
        var again = Kit.Run(Pipeline, new() { ["shoot"] = shoot, ["out"] = disk.Path });
        Assert.Empty(again.AllErrors);
        Assert.Equal(12 - saved, await StorageGetsAsync() - getsBefore);
        Assert.Equal(
            WorkflowTestKit.FilesIn(reference).Select(f => (Path.GetFileName(f), Sha256(f))),
            Results(disk).Select(f => (Path.GetFileName(f), Sha256(f))));
        Assert.Equal(1, await Kit.BillableEditsAsync(ProjectOf(again)));
    }

    [TmpfsFact]
    public async Task AReadOnlyFolderStopsTheSaveAtOnceWithoutADownload()
    {
        string shoot = Kit.Shoot("ReadOnly", 6, "raw", seed: 4);
        using var disk = new Tmpfs("1m");
        disk.MakeReadOnly();
        int getsBefore = await StorageGetsAsync();

        var refused = Kit.Run(Pipeline, new() { ["shoot"] = shoot, ["out"] = disk.Path });

        var error = Assert.Single(refused.AllErrors);
        Assert.Equal("ImagenLocalWriteFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        string message = error.ErrorDetails?.Message ?? error.Exception.Message;
        Assert.Contains("read-only", message);
        Assert.Contains("0 of 6 results are saved, 6 pending", message);
        Assert.Contains("Make the folder writable (or save elsewhere with -Path)", message);
        Assert.Equal(0, await StorageGetsAsync() - getsBefore);
    }

    /// <summary>The results on the disk (XMP sidecars, edited DNGs), without the filler.</summary>
    private static IReadOnlyList<string> Results(Tmpfs disk) => WorkflowTestKit.FilesIn(disk.Path).Where(f => Path.GetFileName(f) != "filler.bin").ToList();

    private async Task<int> StorageGetsAsync() => (await Kit.JournalAsync()).Count(e => WorkflowTestKit.Route(e) == "storage.get");

    private static string ProjectOf(PowerShellResult result) =>
        result.Information.Select(i => i.MessageData.ToString()!).Where(m => m.StartsWith("Save-ImagenResult: project ", StringComparison.Ordinal)).Select(m => m.Split(' ')[2].TrimEnd(':')).First();

    private static string Sha256(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
