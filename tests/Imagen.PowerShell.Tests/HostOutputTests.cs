using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// What Invoke-ImagenEdit writes to the host itself rather than to the streams, seen through a
/// <see cref="CapturingHost"/>: the notice Ctrl+C leaves once the edit is (or may be) billed (issue 7 point 3), and progress bars
/// that are redrawn after a quiet gap and closed when their stage or the command ends (issue 8 point 4).
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class HostOutputTests
{
    private const string EditAll = "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700";

    private readonly ITestOutputHelper _output;

    public HostOutputTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>
    /// Ctrl+C once the edit is billed (the edit takes ten minutes), or while /edit has left the process and its answer
    /// is late (the service may have billed): the host is told which project, and that re-running collects it.
    /// </summary>
    [Theory]
    [InlineData("EditAccepted", "is billed")]
    [InlineData("EditRequested", "may already be billed")]
    public async Task CtrlCOnceTheEditIsSentTellsTheHostWhichProjectIsBilledAndThatReRunningCollectsIt(string stopAt, string wording)
    {
        await using var server = await EmulatorServer.StartAsync(stopAt == "EditAccepted"
            ? new EmulatorOptions { SecondsPerPhoto = 600 }
            : new EmulatorOptions { Faults = { new FaultRule { Route = "edit", Kind = "latency", LatencyMilliseconds = 60_000 } } });
        var host = new CapturingHost();
        using var kit = new WorkflowTestKit(server, host);
        string shoot = kit.Shoot(stopAt, 2, "raw");

        kit.StopWhen(EditAll, new() { ["shoot"] = shoot }, _ => RunState(kit) == stopAt);

        var run = Assert.Single(RunOnDisk.All(kit.RunStorePath));
        Assert.NotNull(run.ProjectId);
        if (stopAt == "EditAccepted")
        {
            Assert.Equal(1, server.BillableEdits(run.ProjectId!));
        }

        var notice = Assert.Single(host.Warnings);
        _output.WriteLine("Host warning: " + notice);
        Assert.Contains(run.ProjectId!, notice);
        Assert.Contains(wording, notice);
        Assert.Contains("run the same command again", notice);
        Assert.Contains(run.RunId, notice);
    }

    [Fact]
    public async Task CtrlCBeforeTheEditIsSentWritesNoBilledNotice()
    {
        // The project exists and its uploads hang half-sent: /edit was never asked for, so Ctrl+C must not claim a bill.
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "storage.put", Kind = "stall", StallSeconds = 60 } },
        });
        var host = new CapturingHost();
        using var kit = new WorkflowTestKit(server, host);
        string shoot = kit.Shoot("NotBilled", 2, "raw");

        kit.StopWhen(EditAll, new() { ["shoot"] = shoot }, seen => seen.Any(r => r.Activity == "Uploading") && RunState(kit) == "ProjectCreated");

        var run = Assert.Single(RunOnDisk.All(kit.RunStorePath));
        Assert.Equal("ProjectCreated", run.State);
        Assert.Equal(0, server.BillableEdits(run.ProjectId!));
        Assert.DoesNotContain(server.Journal, e => e.Route == "edit");
        Assert.DoesNotContain(host.Warnings, w => w.Contains("billed", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task BarsAreRedrawnAfterAQuietGapAndEveryBarClosesWhenTheCommandEnds()
    {
        // One photo edited in 10 s, its status read every 2 s: the command waits seconds at a time with nothing new to
        // show (the console host would leave the last records of each poll undrawn).
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { SecondsPerPhoto = 10 });
        using var steadyPolls = new EnvironmentScope(("IMAGEN_POLL_MAX_INTERVAL_SEC", "2"));
        var host = new CapturingHost();
        using var kit = new WorkflowTestKit(server, host);
        string shoot = kit.Shoot("Quiet", 1, "raw");
        int before = host.Progress.Count;

        var result = kit.Run(EditAll + " -PollingIntervalSec 2", new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal("Completed", Assert.Single(result.Output).Properties["EditStatus"].Value.ToString());
        var writes = host.Progress.Skip(before).ToList();
        foreach (var write in writes)
        {
            _output.WriteLine($"{write.At.TotalSeconds,7:0.000} {write.ActivityId} <- {write.ParentActivityId} {write.RecordType} {write.Activity}: {write.StatusDescription} {write.PercentComplete}%");
        }

        // The bars reach the host ($ProgressPreference is Continue): the same records as the Progress stream.
        Assert.NotEmpty(writes);
        Assert.Equal(result.Progress.Count, writes.Count);

        // A status read posts at most one record of the edit's bar (the answer to /edit is read too, and records coming
        // within 200 ms are merged), so writes beyond the number of reads are redraws, which only a quiet gap brings
        // (reads come 2 s apart, the gap is 300 ms).
        int statusReads = server.Journal.Count(e => e.Route == "edit.status");
        var editing = writes.Where(w => w.Activity == "Editing" && w.RecordType == ProgressRecordType.Processing).ToList();
        Assert.NotEmpty(editing);
        int redraws = editing.Count - statusReads;
        _output.WriteLine($"{statusReads} status reads, {editing.Count} writes of the Editing bar: {redraws} redraws.");
        Assert.True(statusReads >= 4, $"the edit's status was read only {statusReads} times: too few quiet waits to observe");
        Assert.True(redraws >= 2, $"{editing.Count} writes of the Editing bar for {statusReads} status reads: the bars were not redrawn after a quiet gap");

        // A redraw repeats what is on screen, the summary (parent) before the edit's bar (child).
        int repeatedPairs = 0;
        for (int i = 1; i < writes.Count; i++)
        {
            var (parent, child) = (writes[i - 1], writes[i]);
            if (child.Activity == "Editing" && parent.ActivityId == child.ParentActivityId &&
                LastBefore(writes, i - 1, parent.ActivityId)?.Shows(parent) == true &&
                LastBefore(writes, i, child.ActivityId)?.Shows(child) == true)
            {
                repeatedPairs++;
            }
        }

        Assert.True(repeatedPairs >= 2, $"only {repeatedPairs} times were the summary and the Editing bar written again unchanged");

        // While the edit runs only its bar and the summary are on screen: the upload's bars closed when uploading ended.
        int firstEditing = writes.IndexOf(editing[0]);
        var onScreen = OpenBars(writes.Take(firstEditing + 1));
        Assert.Equal(new[] { editing[0].ParentActivityId, editing[0].ActivityId }.OrderBy(id => id), onScreen.OrderBy(id => id));

        // When the command ends, every bar it opened has been closed.
        Assert.Empty(OpenBars(writes));
        Assert.True(writes.Select(w => w.ActivityId).Distinct().Count() >= 3, "expected a summary, an upload and an edit bar");
    }

    /// <summary>The state of the kit's only run record, or null before it is readable.</summary>
    private static string? RunState(WorkflowTestKit kit) => RunOnDisk.All(kit.RunStorePath).FirstOrDefault()?.State;

    private static HostProgress? LastBefore(IReadOnlyList<HostProgress> writes, int index, int activityId)
    {
        for (int i = index - 1; i >= 0; i--)
        {
            if (writes[i].ActivityId == activityId)
            {
                return writes[i];
            }
        }

        return null;
    }

    /// <summary>The bars still on screen after these writes: the last record of each activity is not Completed.</summary>
    private static List<int> OpenBars(IEnumerable<HostProgress> writes) =>
        writes.GroupBy(w => w.ActivityId).Where(g => g.Last().RecordType != ProgressRecordType.Completed).Select(g => g.Key).ToList();
}
