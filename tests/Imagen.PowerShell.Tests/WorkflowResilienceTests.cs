using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue #4 points 4, 5 and 6: one file failing, every file failing, retries through 429/503 without paying twice,
/// strict mode, Ctrl+C, and a tampered server's file names. Each test runs its own emulator with its own switches.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class WorkflowResilienceTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public WorkflowResilienceTests(Xunit.Abstractions.ITestOutputHelper output)
    {
        _output = output;
    }

    private const string EditAll = "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700";

    [Fact]
    public async Task RetriesThrough429And503FinishWithExactlyOneBillableEdit()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults =
            {
                new FaultRule { Route = "upload-links", Kind = "429", Times = 1, RetryAfterSeconds = 1 },
                new FaultRule { Route = "storage.put", Kind = "503", Times = 2, RetryAfterSeconds = 0 },
                new FaultRule { Route = "edit", Kind = "503", Times = 1, RetryAfterSeconds = 0 },
                new FaultRule { Route = "edit.status", Kind = "503", Times = 2, RetryAfterSeconds = 0 },
                new FaultRule { Route = "edit.links", Kind = "429", Times = 1, RetryAfterSeconds = 0 },
            },
        });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Retry", 3, "raw");

        var result = kit.Run(EditAll + " -Debug | Save-ImagenResult", new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(3, WorkflowTestKit.FilesIn(shoot, "*.xmp").Count + WorkflowTestKit.FilesIn(Path.Combine(shoot, "Imagen Edit")).Count);
        var journal = await kit.JournalAsync();
        Assert.Contains(journal, e => WorkflowTestKit.Status(e) == 429);
        Assert.Contains(journal, e => WorkflowTestKit.Route(e) == "edit" && WorkflowTestKit.Status(e) == 503);
        Assert.Equal(1, await kit.TotalBillableEditsAsync());
        Assert.Contains(result.Debug, d => d.Message.Contains("Retry", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task OneFileFailingToUploadIsReportedByNameAndTheOthersAreEdited()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            // As many failures as the client makes attempts (1 + 5 retries): the first file sent (one at a time) never makes it.
            Faults = { new FaultRule { Route = "storage.put", Kind = "503", Times = 6, RetryAfterSeconds = 0 } },
        });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Partial", 3, "raw");
        string first = WorkflowTestKit.FilesIn(shoot).First();

        // A partial set is edited only on request (issue 7: all files, or no bill).
        var result = kit.Run(EditAll + " -ThrottleLimit 1 -AllowPartialUpload -UploadRetryWindowSec 0", new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        var failure = Assert.Single(result.Errors);
        Assert.Equal("ImagenUploadFailed", failure.FullyQualifiedErrorId.Split(',')[0]);
        string failedFile = (string)failure.TargetObject;
        Assert.Contains(Path.GetFileName(failedFile), failure.ErrorDetails.Message);
        var edit = Assert.Single(result.Output);
        Assert.Equal(2, edit.Properties["UploadedCount"].Value);
        Assert.Equal(2, edit.Properties["EditedCount"].Value);
        // The photo left out is not lost: it is pending, and the next run sends it in a follow-on project.
        Assert.Equal(1, edit.Properties["PendingCount"].Value);
        Assert.Equal(0, edit.Properties["FailedCount"].Value);
        Assert.Equal("Completed", edit.Properties["EditStatus"].Value);
        Assert.Equal(1, await kit.TotalBillableEditsAsync());
    }

    [Fact]
    public async Task WhenEveryUploadFailsTheEditIsNotStarted()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "storage.put", Kind = "503", RetryAfterSeconds = 0 } },
        });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Nothing", 2, "raw");

        var result = kit.Run(EditAll, new() { ["shoot"] = shoot });

        // A statement-terminating error: the command stops and writes nothing.
        Assert.Empty(result.Output);
        Assert.Equal("ImagenAllUploadsFailed", result.ErrorIds.Last());
        Assert.Equal(2, result.Errors.Count(e => e.FullyQualifiedErrorId.StartsWith("ImagenUploadFailed")));
        Assert.DoesNotContain(await kit.RoutesAsync(), r => r == "edit");
        Assert.Equal(0, await kit.TotalBillableEditsAsync());
    }

    [Fact]
    public async Task AFailedEditIsAnErrorAndTheResultStillSaysWhatExists()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "edit", Kind = "fail" } },
        });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Failing", 2, "raw");

        var result = kit.Run(EditAll + " -Export", new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        var error = Assert.Single(result.Errors);
        Assert.Equal("ImagenEditFailed", error.FullyQualifiedErrorId.Split(',')[0]);
        var edit = Assert.Single(result.Output);
        Assert.Equal("Failed", edit.Properties["EditStatus"].Value);
        Assert.Equal((string)edit.Properties["ProjectId"].Value, error.TargetObject);
        Assert.DoesNotContain(await kit.RoutesAsync(), r => r == "export");
    }

    [Fact]
    public async Task StrictModePassesWithEmptyContentTypesAndNoKeyOnStorage()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { Strict = true });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Strict", 3, "jpeg");

        var result = kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132 -Crop -Export | Save-ImagenResult", new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var journal = await kit.JournalAsync();
        // The project's name is looked up before it is created (not found: 404); everything else succeeds.
        Assert.All(journal.Where(e => WorkflowTestKit.Route(e) != "projects.uuid"), e => Assert.True(WorkflowTestKit.Status(e) < 400, $"{WorkflowTestKit.Route(e)} answered {WorkflowTestKit.Status(e)}"));
        var storage = journal.Where(e => WorkflowTestKit.Route(e).StartsWith("storage.")).ToList();
        Assert.NotEmpty(storage);
        Assert.All(storage, e => Assert.Null(WorkflowTestKit.Header(e, "x-api-key")));
        Assert.All(journal.Where(e => WorkflowTestKit.Route(e) == "storage.put"), e => Assert.True(string.IsNullOrEmpty(WorkflowTestKit.Header(e, "Content-Type"))));
        var edit = Assert.Single(journal, e => WorkflowTestKit.Route(e) == "edit");
        Assert.Equal(string.Empty, WorkflowTestKit.Header(edit, "Content-Type"));
    }

    [Fact]
    public async Task CtrlCDuringTheEditStopsWithinASecond()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions { SecondsPerPhoto = 60 });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Stop", 2, "raw");

        var (stopTook, records) = kit.StopWhen(EditAll + " | Save-ImagenResult", new() { ["shoot"] = shoot }, seen => seen.Any(r => r.Activity == "Editing"));
        _output.WriteLine($"Stop() during the edit returned after {stopTook.TotalMilliseconds:0} ms.");

        Assert.True(stopTook < TimeSpan.FromSeconds(1), $"Stop took {stopTook.TotalSeconds:0.00} s");
        Assert.Empty(WorkflowTestKit.FilesIn(shoot, "*.xmp"));
        Assert.NotEmpty(records);
    }

    [Fact]
    public async Task CtrlCDuringDownloadsLeavesNoPartialFiles()
    {
        await using var server = await EmulatorServer.StartAsync();
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Halt", 3, "raw");
        var edited = kit.Run("$global:r = " + EditAll, new() { ["shoot"] = shoot });
        Assert.Empty(edited.AllErrors);
        // Every download sends half its bytes and hangs: Save-ImagenResult has partial files open when Ctrl+C comes.
        await kit.SetFaultsAsync("[{\"route\":\"storage.get\",\"kind\":\"stall\"}]");

        var (stopTook, _) = kit.StopWhen("$global:r | Save-ImagenResult", new() { ["shoot"] = shoot }, _ => PartialFiles(shoot).Count > 0);
        _output.WriteLine($"Stop() during the downloads returned after {stopTook.TotalMilliseconds:0} ms.");

        Assert.True(stopTook < TimeSpan.FromSeconds(1), $"Stop took {stopTook.TotalSeconds:0.00} s");
        // Stop() returns only once the cancelled downloads have unwound (AsyncCmdlet waits for its work), so this
        // looks at the folder a scheduled task's host would leave behind if it exited right now.
        Assert.Empty(PartialFiles(shoot));
        var left = Directory.GetFiles(shoot, "*", SearchOption.AllDirectories).Where(p => !IsOriginal(p)).ToList();
        Assert.Empty(left);
    }

    private static List<string> PartialFiles(string folder) =>
        Directory.GetFiles(folder, "*.imagen-partial", SearchOption.AllDirectories).ToList();

    [Fact]
    public async Task ATamperedServersPathTraversalFileNamesAreRefused()
    {
        using var tampered = TamperedServer.Start("good.xmp", "../escape.xmp", "..\\escape2.xmp", "/tmp/escape3.xmp");
        await using var server = await EmulatorServer.StartAsync();
        using var kit = new WorkflowTestKit(server);
        string output = Path.Combine(kit.Root, "out");

        var result = kit.Run("Save-ImagenResult -ProjectId 65f3a1c2d4e5f6a7b8c9d0e1 -Kind Edit -Path $out -BaseUrl $tamperedUrl -ApiKey $key -PassThru",
            new() { ["out"] = output, ["tamperedUrl"] = tampered.BaseUrl });

        Assert.Null(result.Terminating);
        Assert.Equal(3, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("ImagenUnsafeFileName", e.FullyQualifiedErrorId.Split(',')[0]));
        var saved = Assert.Single(result.Output);
        Assert.Equal(Path.Combine(output, "good.xmp"), ((FileInfo)saved.BaseObject).FullName);
        Assert.False(File.Exists(Path.Combine(kit.Root, "escape.xmp")));
        Assert.False(File.Exists("/tmp/escape3.xmp"));
        Assert.Equal(new[] { "good.xmp" }, Directory.GetFiles(kit.Root, "*", SearchOption.AllDirectories).Select(Path.GetFileName));
        Assert.DoesNotContain(tampered.Requests, r => r.Contains("escape"));
    }

    [Fact]
    public async Task TheEmulatorPlayingATamperedServerCannotMakeSaveImagenResultWriteOutsideTheShoot()
    {
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults =
            {
                new FaultRule { Route = "edit.links", Kind = "tamper-name", TamperPattern = "../{name}" },
                new FaultRule { Route = "export.links", Kind = "tamper-name", TamperPattern = "..\\{name}" },
            },
        });
        using var kit = new WorkflowTestKit(server);
        string shoot = kit.Shoot("Tampered", 2, "raw");

        var result = kit.Run(EditAll + " -Export | Save-ImagenResult", new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Equal(4, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("ImagenUnsafeFileName", e.FullyQualifiedErrorId.Split(',')[0]));
        var written = Directory.GetFiles(kit.Root, "*", SearchOption.AllDirectories).Where(p => !IsOriginal(p)).ToList();
        Assert.Empty(written);
    }

    private static bool IsOriginal(string path) => path.EndsWith(".nef") || path.EndsWith(".cr2") || path.EndsWith(".dng");

    /// <summary>
    /// A stand-in for a compromised or buggy server: it lists download links whose file_name tries to leave the
    /// destination folder, and serves their bytes. Only the routes Save-ImagenResult -Kind Edit calls.
    /// </summary>
    private sealed class TamperedServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly string[] _names;
        private readonly string _root;

        private TamperedServer(string[] names)
        {
            _names = names;
            int port = FreePort();
            _root = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(_root);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string BaseUrl => _root + "v1";

        public List<string> Requests { get; } = new();

        public static TamperedServer Start(params string[] names) => new(names);

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
                catch (HttpListenerException)
                {
                    return;
                }

                string path = context.Request.Url!.AbsolutePath;
                lock (Requests)
                {
                    Requests.Add(path);
                }

                string body;
                if (path.EndsWith("/edit/get_temporary_download_links"))
                {
                    var entries = _names.Select((n, i) => $"{{\"file_name\":{System.Text.Json.JsonSerializer.Serialize(n)},\"download_link\":\"{_root}storage/{i}?sig=x\"}}");
                    body = "{\"data\":{\"files_list\":[" + string.Join(",", entries) + "]}}";
                    context.Response.ContentType = "application/json";
                }
                else if (path.StartsWith("/storage/"))
                {
                    body = "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"/>";
                }
                else
                {
                    context.Response.StatusCode = 404;
                    body = "{\"detail\":\"Not Found\"}";
                }

                byte[] bytes = Encoding.UTF8.GetBytes(body);
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
