using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Text.Json;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Journal;
using Imagen.Emulator.Samples;
using Imagen.PowerShell.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 7 point 9: the studio's nightly pipeline in a real pwsh process, killed (the whole process tree, as a power
/// cut or a task scheduler would) at each phase, then run again with the identical command. From the emulator's
/// journal and billing counter: one project, one billable edit, no finished upload sent twice, every output
/// byte-identical to a fault-free run, no temporaries left.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class KillAndResumeTests : IDisposable
{
    private const int Photos = 4;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("imagen-kill-");
    private readonly ITestOutputHelper _output;

    public KillAndResumeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static TheoryData<string> Phases => new() { "checksums", "upload", "edit-sent", "edit-answer-lost", "waiting", "export", "download" };

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task KilledAtAnyPhaseTheSameCommandFinishesWithoutPayingTwice(string phase)
    {
        var reference = await FaultFreeOutputsAsync();
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "kill-test-key-" + Guid.NewGuid().ToString("N"), SecondsPerPhoto = 0.05 });
        var shoot = Shoot("Smith");
        var runs = Path.Combine(_root.FullName, "runs");
        var watch = Stopwatch.StartNew();

        // Hold the run at the phase, kill it there.
        Hold(server, phase);
        using (var child = Start(server, shoot, runs))
        {
            // Drain its pipes in the background: reading one to its end blocks until the child exits (so the phase
            // would pass unseen), and an unread pipe that fills up stalls the child.
            var childOutput = child.StandardOutput.ReadToEndAsync();
            var childErrors = child.StandardError.ReadToEndAsync();
            try
            {
                await WaitForPhaseAsync(server, runs, phase, child, childErrors);
            }
            finally
            {
                // Also when the phase was never reached: a held run left alive would outlive the test.
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync();
            _output.WriteLine($"killed run's output:\n{await childOutput}\n{await childErrors}");
        }

        var killedAt = watch.Elapsed;
        server.Update(o =>
        {
            o.Faults = [];
            o.SecondsPerPhoto = 0.05;
        });

        var (exitCode, output, errors) = await RunToEndAsync(server, shoot, runs);
        _output.WriteLine($"{phase}: killed after {killedAt.TotalSeconds:0.0} s, re-run done after {watch.Elapsed.TotalSeconds:0.0} s in all");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        var journal = server.Journal;
        Assert.Single(journal, e => e.Route == "projects.create" && e.Status is >= 200 and < 300);
        var run = Assert.Single(RunOnDisk.All(runs));
        Assert.Equal("ExportDone", run.State);
        Assert.Equal(1, server.BillableEdits(run.ProjectId!));
        Assert.Equal(1, server.TotalBillableEdits);
        Assert.Equal(Photos, server.TotalBilledPhotos);
        KilledRunChecks.AssertNoFinishedUploadSentAgain(journal);
        KilledRunChecks.AssertSameOutputs(reference, shoot);
        if (phase == "edit-answer-lost")
        {
            // The service took the first /edit: the re-run learns that from the status and never sends another.
            Assert.Single(journal, e => e.Route == "edit");
        }
    }

    [Fact]
    public async Task ACompletedRunRunAgainMakesNoUploadOrBillableCallAndExitsZero()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "kill-test-key-" + Guid.NewGuid().ToString("N"), SecondsPerPhoto = 0.05 });
        var shoot = Shoot("Jones");
        var runs = Path.Combine(_root.FullName, "runs");
        var first = await RunToEndAsync(server, shoot, runs);
        Assert.True(first.ExitCode == 0, first.Output + first.Errors);
        var before = server.Journal.Count;

        var (exitCode, output, errors) = await RunToEndAsync(server, shoot, runs);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        var again = server.Journal.Skip(before).ToList();
        Assert.DoesNotContain(again, e => e.Route is "projects.create" or "upload-links" or "storage.put" or "edit" or "export");
        Assert.Equal(1, server.TotalBillableEdits);
        Assert.Contains("(continued)", output);
        Assert.Contains("billed", output);
    }

    /// <summary>
    /// The same photos run once without faults, in a folder of their own and on an emulator of their own (on the same
    /// one, the service would rightly know them as photos already edited): what every output must equal.
    /// </summary>
    private async Task<Dictionary<string, byte[]>> FaultFreeOutputsAsync()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "kill-test-key-" + Guid.NewGuid().ToString("N"), SecondsPerPhoto = 0.05 });
        var shoot = Shoot("Reference");
        var runs = Path.Combine(_root.FullName, "reference-runs");
        var (exitCode, output, errors) = await RunToEndAsync(server, shoot, runs);
        Assert.True(exitCode == 0, $"the fault-free run failed: {output}\n{errors}");
        var outputs = KilledRunChecks.OutputsIn(shoot);
        Assert.NotEmpty(outputs);

        return outputs;
    }

    private string Shoot(string name)
    {
        var folder = Path.Combine(_root.FullName, name);
        SampleShootGenerator.Generate(folder, Photos, "jpeg", seed: 3);
        return folder;
    }

    /// <summary>Emulator switches that keep the run in the phase long enough to kill it there.</summary>
    private static void Hold(EmulatorServer server, string phase) => server.Update(o =>
    {
        switch (phase)
        {
            case "checksums":
                // The project exists and the files are being hashed; the links the hashing leads to are slow to come.
                o.Faults = [new FaultRule { Route = "upload-links", Kind = "latency", LatencyMilliseconds = 60_000 }];
                break;
            case "upload":
                o.Faults = [new FaultRule { Route = "storage.put", Kind = "stall", Skip = 2, StallSeconds = 60 }];
                break;
            case "edit-sent":
                // Sent, never reached: the service has not seen the request.
                o.Faults = [new FaultRule { Route = "edit", Kind = "latency", LatencyMilliseconds = 60_000 }];
                break;
            case "edit-answer-lost":
                // Accepted and billed, but the answer hangs half-sent: only the service's status can tell.
                o.Faults = [new FaultRule { Route = "edit", Kind = "stall", StallSeconds = 60 }];
                break;
            case "waiting":
                o.SecondsPerPhoto = 30;
                break;
            case "export":
                // Two status reads answer (is an export already under way? and the one /export's acceptance makes), so
                // the export is accepted; the wait's polls then hang.
                o.Faults = [new FaultRule { Route = "export.status", Kind = "latency", Skip = 2, LatencyMilliseconds = 60_000 }];
                break;
            case "download":
                o.Faults = [new FaultRule { Route = "storage.get", Kind = "stall", Skip = 1, StallSeconds = 60 }];
                break;
        }
    });

    private static async Task WaitForPhaseAsync(EmulatorServer server, string runs, string phase, Process child, Task<string> errors)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (child.HasExited)
            {
                Assert.Fail($"The run ended before reaching '{phase}': {await errors}");
            }

            var run = RunOnDisk.All(runs).FirstOrDefault();
            Assert.True(DateTime.UtcNow < deadline, $"The run did not reach '{phase}' within 60 s: run {run}, requests {string.Join(", ", server.Journal.Select(e => e.Route + " " + e.Status))}");
            var reached = phase switch
            {
                "checksums" => run?.ProjectId is not null,
                "upload" => run is not null && run.UploadedCount >= 2,
                "edit-sent" => run?.State == "EditRequested",
                "edit-answer-lost" => run?.State == "EditRequested" && server.BillableEdits(run.ProjectId!) == 1,
                "waiting" => run?.State == "EditAccepted",
                "export" => run?.State == "ExportAccepted",
                "download" => server.Journal.Any(e => e.Route == "storage.get" && e.Status == 200),
                _ => throw new ArgumentOutOfRangeException(nameof(phase)),
            };
            if (reached)
            {
                // Let the request the phase is about leave the process.
                await Task.Delay(300);
                return;
            }

            await Task.Delay(25);
        }
    }

    private Process Start(EmulatorServer server, string shoot, string runs)
    {
        var script = Path.Combine(_root.FullName, "nightly.ps1");
        File.WriteAllText(script, $$"""
            param([string] $Shoot)
            $ErrorActionPreference = 'Stop'
            Import-Module '{{RepositoryRoot.ManifestPath}}'
            Get-ChildItem (Join-Path $Shoot '*.jpg') | Invoke-ImagenEdit -ProfileKey 29133 -Export -PollingIntervalSec 0.2 -InformationAction Continue | Save-ImagenResult
            """);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { RealPowerShell.DllPath, "-NoProfile", "-NonInteractive", "-File", script, "-Shoot", shoot })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["IMAGEN_API_KEY"] = server.ApiKey;
        start.Environment["IMAGEN_BASE_URL"] = server.BaseUrl.ToString().TrimEnd('/');
        start.Environment["IMAGEN_RUN_PATH"] = runs;
        start.Environment["IMAGEN_RETRY_DELAY_SEC"] = "0.05";
        start.Environment["IMAGEN_RETRY_MAX_DELAY_SEC"] = "0.5";
        start.Environment["IMAGEN_POLL_MAX_INTERVAL_SEC"] = "0.5";
        return Process.Start(start)!;
    }

    private async Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(EmulatorServer server, string shoot, string runs)
    {
        using var child = Start(server, shoot, runs);
        var output = child.StandardOutput.ReadToEndAsync();
        var errors = child.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await child.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            child.Kill(entireProcessTree: true);
            throw new TimeoutException("The run did not finish within 2 minutes: " + await output + await errors);
        }

        return (child.ExitCode, await output, await errors);
    }
}
