using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Journal;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Samples;
using Imagen.PowerShell.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Xunit.Abstractions;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 16 points 4 and 8: `Get-ChildItem *.jpg | Invoke-ImagenSmartEdit | Save-ImagenResult` in a real pwsh process,
/// killed (the whole process tree) at each phase of a Smart Edit, then run again with the identical command. From the
/// emulator: one Smart Editing project (no orphan), one billable edit and each photo billed once, no multipart upload
/// left open, no finished upload sent again, and every output byte-identical to a fault-free run. One of the five
/// photos is above the multipart threshold, so it goes up in parts.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class SmartEditKillAndResumeTests : IClassFixture<SmartEditKillAndResumeTests.FaultFreeRun>, IDisposable
{
    private const int Photos = 5;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("imagen-smart-kill-");
    private readonly FaultFreeRun _reference;
    private readonly ITestOutputHelper _output;

    public SmartEditKillAndResumeTests(FaultFreeRun reference, ITestOutputHelper output)
    {
        _reference = reference;
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

    public static TheoryData<string> Phases => new() { "create-answer-lost", "uploading", "multipart", "edit-sent", "edit-answer-lost", "editing", "saving" };

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task KilledAtAnyPhaseTheSameCommandFinishesWithOneBillAndNothingLeftOpen(string phase)
    {
        await using var server = await StartEmulatorAsync();
        var shoot = Listing(_root.FullName, "Listing");
        var runs = Path.Combine(_root.FullName, "runs");
        var watch = Stopwatch.StartNew();

        Hold(server, phase);
        using (var child = Start(server, shoot, runs, _root.FullName))
        {
            // Drain the pipes in the background: reading one to its end would block until the child exits.
            var childOutput = child.StandardOutput.ReadToEndAsync();
            var childErrors = child.StandardError.ReadToEndAsync();
            try
            {
                await WaitForPhaseAsync(server, runs, phase, child, childErrors);
            }
            finally
            {
                child.Kill(entireProcessTree: true);
            }

            await child.WaitForExitAsync();
            _output.WriteLine($"killed run's output:\n{await childOutput}\n{await childErrors}");
        }

        var killedAt = watch.Elapsed;
        var openAtKill = OpenMultipartUploads(server);
        server.Update(o =>
        {
            o.Faults = [];
            o.SecondsPerPhoto = 0.05;
        });

        var (exitCode, output, errors) = await RunToEndAsync(server, shoot, runs, _root.FullName);
        _output.WriteLine($"{phase}: killed after {killedAt.TotalSeconds:0.0} s, re-run done after {watch.Elapsed.TotalSeconds:0.0} s in all\n{output}\n{errors}");

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        var journal = server.Journal;
        var project = Assert.Single(SmartEditProjects(server)); // no orphan: the killed run's project is the one edited
        Assert.Equal(1, server.BillableEdits(project.Uuid));
        Assert.Equal(Photos, server.BilledPhotos(project.Uuid).Count);
        Assert.Equal(Photos, server.TotalBilledPhotos);
        Assert.Equal(0, OpenMultipartUploads(server));
        var run = Assert.Single(RunOnDisk.All(runs));
        Assert.Equal("EditDone", run.State);
        Assert.Equal(project.Uuid, run.ProjectId);
        AssertNoFinishedUploadSentAgain(journal);
        KilledRunChecks.AssertSameOutputs(_reference.Outputs, shoot);
        if (phase is "edit-answer-lost")
        {
            // The service took the first /edit: the re-run learns that from the project's status and never sends another.
            Assert.Single(journal, e => e.Route == "i2i.edit");
        }

        if (phase is "uploading" or "multipart")
        {
            // The killed run's multipart upload was open on the service; its record had it, and the re-run aborted it.
            Assert.Equal(1, openAtKill);
            Assert.Contains(journal, e => e.Route == "i2i.multipart.abort" && e.Status == 200);
        }
    }

    [Fact]
    public async Task ProjectCreationRidesOutA500AndA503()
    {
        await using var server = await StartEmulatorAsync();
        var shoot = Listing(_root.FullName, "Elm_St");
        server.Update(o => o.Faults =
        [
            new FaultRule { Route = "i2i.create", Kind = "500", Times = 1 },
            new FaultRule { Route = "i2i.create", Kind = "503", Times = 1, RetryAfterSeconds = 0 },
        ]);

        var (exitCode, output, errors) = await RunToEndAsync(server, shoot, Path.Combine(_root.FullName, "runs"), _root.FullName);

        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}\n{errors}");
        Assert.Equal(new[] { 500, 503, 200 }, server.Journal.Where(e => e.Route == "i2i.create").Select(e => e.Status));
        var project = Assert.Single(SmartEditProjects(server));
        Assert.Equal(1, server.BillableEdits(project.Uuid));
        Assert.Equal(Photos, Directory.GetFiles(Path.Combine(shoot, "Imagen Edit"), "*.jpg").Length);
    }

    private static Task<EmulatorServer> StartEmulatorAsync() =>
        EmulatorServer.StartAsync(new EmulatorOptions { ApiKey = "smart-kill-key-" + Guid.NewGuid().ToString("N"), SecondsPerPhoto = 0.05 });

    /// <summary>Five JPEGs of a listing; the last padded past 6 MiB (still a JPEG: readers stop at its end), so it goes up in parts.</summary>
    internal static string Listing(string root, string name)
    {
        var folder = Path.Combine(root, name);
        var photos = SampleShootGenerator.Generate(folder, Photos, "jpeg", seed: 5);
        var large = photos[^1];
        var padding = new byte[6 * 1024 * 1024 + 123];
        new Random(9).NextBytes(padding);
        File.WriteAllBytes(large, File.ReadAllBytes(large).Concat(padding).ToArray());
        return folder;
    }

    private static IReadOnlyList<Project> SmartEditProjects(EmulatorServer server) =>
        server.Services.GetRequiredService<ProjectStore>().Everything().Where(p => p.Family == ProjectFamily.SmartEdit).ToList();

    private static int OpenMultipartUploads(EmulatorServer server) =>
        server.Services.GetRequiredService<ProjectStore>().Everything().Sum(p => { lock (p.Gate) return p.MultipartUploads.Count; });

    /// <summary>A file whose upload finished (a PUT answered 200, or a multipart upload completed) is never sent again.</summary>
    private static void AssertNoFinishedUploadSentAgain(IReadOnlyList<JournalEntry> journal)
    {
        KilledRunChecks.AssertNoFinishedUploadSentAgain(journal);

        // One file goes up in parts: its upload completes once.
        Assert.Single(journal, e => e.Route == "i2i.multipart.complete" && e.Status == 200);
    }

    /// <summary>Emulator switches that keep the run in the phase long enough to kill it there.</summary>
    private static void Hold(EmulatorServer server, string phase) => server.Update(o =>
    {
        switch (phase)
        {
            case "create-answer-lost":
                // The service creates the project, but the answer hangs half-sent: only its name can find it again.
                o.Faults = [new FaultRule { Route = "i2i.create", Kind = "stall", StallSeconds = 60 }];
                break;
            case "uploading":
                // Two photos up, the rest (and the large file's part) hanging.
                o.Faults =
                [
                    new FaultRule { Route = "storage.put", Kind = "stall", Skip = 2, StallSeconds = 60 },
                    new FaultRule { Route = "storage.part", Kind = "stall", StallSeconds = 60 },
                ];
                break;
            case "multipart":
                // The small photos up; the large one's multipart upload open, its part hanging.
                o.Faults = [new FaultRule { Route = "storage.part", Kind = "stall", StallSeconds = 60 }];
                break;
            case "edit-sent":
                o.Faults = [new FaultRule { Route = "i2i.edit", Kind = "latency", LatencyMilliseconds = 60_000 }];
                break;
            case "edit-answer-lost":
                // Accepted and billed, but the answer hangs half-sent: only the project's status can tell.
                o.Faults = [new FaultRule { Route = "i2i.edit", Kind = "stall", StallSeconds = 60 }];
                break;
            case "editing":
                o.SecondsPerPhoto = 30;
                break;
            case "saving":
                o.Faults = [new FaultRule { Route = "storage.get", Kind = "stall", Skip = 1, StallSeconds = 60 }];
                break;
        }
    });

    private static async Task WaitForPhaseAsync(EmulatorServer server, string runs, string phase, Process child, Task<string> errors)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        DateTime? openSince = null;
        while (true)
        {
            if (child.HasExited)
            {
                Assert.Fail($"The run ended before reaching '{phase}': {await errors}");
            }

            var run = RunOnDisk.All(runs).FirstOrDefault();
            Assert.True(DateTime.UtcNow < deadline, $"The run did not reach '{phase}' within 60 s: run {run}, requests {string.Join(", ", server.Journal.Select(e => e.Route + " " + e.Status))}");
            // A multipart upload open on the service: the kill waits for the run record to show it (it does at once
            // after the service's answer), but not for ever, so a run that never records it is killed and found out.
            openSince = OpenMultipartUploads(server) > 0 ? openSince ?? DateTime.UtcNow : null;
            var openKnown = openSince is not null && (OpenMultipartRecorded(runs) || DateTime.UtcNow - openSince > TimeSpan.FromSeconds(5));
            var reached = phase switch
            {
                "create-answer-lost" => SmartEditProjects(server).Count == 1,
                "uploading" => run is not null && run.UploadedCount >= 2 && openKnown,
                "multipart" => run is not null && run.UploadedCount >= Photos - 1 && openKnown,
                "edit-sent" => run?.State == "EditRequested",
                "edit-answer-lost" => run?.State == "EditRequested" && server.BillableEdits(run.ProjectId!) == 1,
                "editing" => run?.State == "EditAccepted",
                "saving" => server.Journal.Any(e => e.Route == "storage.get" && e.Status == 200),
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

    /// <summary>True once the run record's event log says a multipart upload was opened (and not ended).</summary>
    private static bool OpenMultipartRecorded(string runs)
    {
        foreach (var log in Directory.Exists(runs) ? Directory.GetFiles(runs, "events-*.jsonl", SearchOption.AllDirectories) : Array.Empty<string>())
        {
            try
            {
                using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                var text = new StreamReader(stream).ReadToEnd();
                if (text.Contains("\"e\":\"multipart\"", StringComparison.Ordinal) && !text.Contains("\"e\":\"multipartEnded\"", StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (IOException)
            {
                // Compacted away this instant: read on the next look.
            }
        }

        return false;
    }

    private static Process Start(EmulatorServer server, string shoot, string runs, string root)
    {
        var script = Path.Combine(root, "listing.ps1");
        File.WriteAllText(script, $$"""
            param([string] $Shoot)
            $ErrorActionPreference = 'Stop'
            Import-Module '{{RepositoryRoot.ManifestPath}}'
            Get-ChildItem (Join-Path $Shoot '*.jpg') | Invoke-ImagenSmartEdit -MultipartThreshold 1MB -PollingIntervalSec 0.2 -Force -InformationAction Continue | Save-ImagenResult
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

    private static async Task<(int ExitCode, string Output, string Errors)> RunToEndAsync(EmulatorServer server, string shoot, string runs, string root)
    {
        using var child = Start(server, shoot, runs, root);
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

    /// <summary>The same listing Smart-edited once without faults, in a folder and emulator of its own: what every output must equal.</summary>
    public sealed class FaultFreeRun : IAsyncLifetime
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("imagen-smart-reference-");

        public Dictionary<string, byte[]> Outputs { get; private set; } = new();

        public async Task InitializeAsync()
        {
            await using var server = await StartEmulatorAsync();
            var shoot = Listing(_root.FullName, "Reference");
            var (exitCode, output, errors) = await RunToEndAsync(server, shoot, Path.Combine(_root.FullName, "runs"), _root.FullName);
            Assert.True(exitCode == 0, $"the fault-free run failed: {output}\n{errors}");
            Outputs = KilledRunChecks.OutputsIn(shoot);
            Assert.Equal(Photos, Outputs.Count);
        }

        public Task DisposeAsync()
        {
            try
            {
                _root.Delete(recursive: true);
            }
            catch (IOException)
            {
            }

            return Task.CompletedTask;
        }
    }
}
