using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Progress that never lies (issue 17 point 6), as the host receives it: counts and rates follow the work and the rate
/// falls to zero in a stall, the byte counts agree with the files done, and a bar whose part of the work is over
/// does not linger.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class ProgressTests
{
    // "3 of 8 files, 41.2 KB, 0 B/s": a download's text (its total size is not known until every file has started).
    private static readonly Regex DownloadText = new(@"^(?<done>\d+) of (?<total>\d+) files, (?<bytes>[\d.,]+ \w+), (?<rate>[\d.,]+ \w+)/s$");

    private readonly ITestOutputHelper _output;

    public ProgressTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public async Task AStalledDownloadShowsTheFilesOnDiskAndNoRate()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var host = new CapturingHost();
        using var kit = new WorkflowTestKit(server, host);
        string shoot = kit.Shoot("Stall", 8, "raw");
        string saved = Path.Combine(kit.Root, "Saved");
        var edited = kit.Run("$global:edited = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700", new() { ["shoot"] = shoot });
        Assert.Empty(edited.AllErrors);

        // Three files come down whole; every later one stops half-way and hangs, as a dead connection does.
        await kit.SetFaultsAsync("""[{"route":"storage.get","kind":"stall","skip":3,"stallSeconds":120}]""");
        int before = host.Progress.Count;
        var (_, records) = kit.StopWhen("$global:edited | Save-ImagenResult -Path $saved", new() { ["saved"] = saved },
            seen => seen.Select(r => DownloadText.Match(r.StatusDescription)).Any(m => m.Success && m.Groups["done"].Value == "3" && m.Groups["rate"].Value == "0 B"));

        var downloads = host.Progress.Skip(before).Where(p => p.Activity == "Downloading" && p.RecordType == ProgressRecordType.Processing).ToList();
        foreach (var record in downloads)
        {
            _output.WriteLine($"{record.At.TotalSeconds,7:0.000} {record.StatusDescription} ({record.PercentComplete}%)");
        }

        // What the bar said matched the disk: three results saved (no partial file left), "3 of 8" and no rate.
        Assert.Equal(3, WorkflowTestKit.FilesIn(saved).Count);
        var last = DownloadText.Match(downloads.Last().StatusDescription);
        Assert.True(last.Success, downloads.Last().StatusDescription);
        Assert.Equal("3", last.Groups["done"].Value);
        Assert.Equal("8", last.Groups["total"].Value);
        Assert.Equal("0 B", last.Groups["rate"].Value);
        // While bytes moved, the rate was not zero.
        Assert.Contains(downloads, d => DownloadText.Match(d.StatusDescription) is { Success: true } m && m.Groups["rate"].Value != "0 B");
        // No byte count claims to be the whole job's while files are still to come.
        Assert.DoesNotContain(downloads, d => d.StatusDescription.Contains(" of ", StringComparison.Ordinal) && !DownloadText.IsMatch(d.StatusDescription));
        Assert.NotEmpty(records);
    }

    [Fact]
    public async Task BarsCloseWhenTheirPartOfTheWorkIsDone()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions());
        var host = new CapturingHost();
        using var kit = new WorkflowTestKit(server, host);
        string shoot = kit.Shoot("Close", 4, "raw");
        int before = host.Progress.Count;

        var result = kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -Export | Save-ImagenResult -Kind Export -Path ([IO.Path]::Combine($root, 'Delivery'))",
            new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var writes = host.Progress.Skip(before).ToList();
        foreach (var write in writes)
        {
            _output.WriteLine($"{write.At.TotalSeconds,7:0.000} {write.ActivityId} <- {write.ParentActivityId} {write.RecordType} {write.Activity}: {write.StatusDescription} {write.PercentComplete}%");
        }

        // The checksums are done before the uploads are: their bar closes first, not with the upload's at the edit.
        int checksum = Single(writes, "Computing checksums");
        int upload = Single(writes, "Uploading");
        Assert.True(ClosedAt(writes, checksum) < ClosedAt(writes, upload), "the Checksum bar stayed open until the uploads ended");

        // By the time Save-ImagenResult downloads, every bar of Invoke-ImagenEdit (the export's too) is gone.
        int firstDownload = writes.FindIndex(w => w.Activity == "Downloading");
        Assert.True(firstDownload > 0, "Save-ImagenResult showed no download bar");
        var editBars = writes.Take(firstDownload).Where(w => !w.Activity.StartsWith("Imagen: saving", StringComparison.Ordinal)).Select(w => w.ActivityId).Distinct().ToList();
        Assert.Contains(writes.Take(firstDownload), w => w.Activity == "Exporting JPEGs");
        var stillOpen = editBars.Where(id => writes.Take(firstDownload).Last(w => w.ActivityId == id).RecordType != ProgressRecordType.Completed).ToList();
        Assert.True(stillOpen.Count == 0, "still on screen when the download started: " + string.Join(", ", stillOpen.Select(id => writes.Take(firstDownload).Last(w => w.ActivityId == id).Activity)));
    }

    /// <summary>The id of the only bar with this activity.</summary>
    private static int Single(IReadOnlyList<HostProgress> writes, string activity) =>
        Assert.Single(writes.Where(w => w.Activity == activity).Select(w => w.ActivityId).Distinct());

    /// <summary>Where the bar was closed: the index of its first Completed record.</summary>
    private static int ClosedAt(List<HostProgress> writes, int activityId)
    {
        int index = writes.FindIndex(w => w.ActivityId == activityId && w.RecordType == ProgressRecordType.Completed);
        Assert.True(index >= 0, $"bar {activityId} was never closed");
        return index;
    }
}
