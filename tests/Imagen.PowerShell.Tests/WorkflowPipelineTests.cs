using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue #4 points 1, 2, 4 and 6: the user's pipelines, Invoke-ImagenEdit | Save-ImagenResult, in the real engine
/// over real HTTP to the emulator, checked on disk and in the emulator's journal.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class WorkflowPipelineTests : WorkflowSharedEmulatorTests
{
    public WorkflowPipelineTests(EmulatorFixture emulator)
        : base(emulator)
    {
    }

    [Fact]
    public async Task RawPipelineWritesXmpSidecarsBesideTheOriginals()
    {
        string shoot = Kit.Shoot("Smith", 6, "raw");
        var cr2 = WorkflowTestKit.FilesIn(shoot, "*.cr2");
        Assert.Equal(2, cr2.Count);
        int before = (await Kit.JournalAsync()).Count;

        var result = Kit.Run(
            "Get-ChildItem ([IO.Path]::Combine($shoot, '*.cr2')) | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Crop -SmoothSkin | Save-ImagenResult",
            new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        foreach (string original in cr2)
        {
            string sidecar = Path.ChangeExtension(original, ".xmp");
            Assert.True(File.Exists(sidecar), $"{sidecar} is missing; the folder holds: {string.Join(", ", WorkflowTestKit.FilesIn(shoot).Select(Path.GetFileName))}");
            Assert.Contains("crs:", File.ReadAllText(sidecar));
        }

        Assert.Empty(WorkflowTestKit.FilesIn(shoot, "*.imagen-partial"));
        var routes = (await Kit.RoutesAsync()).Skip(before).ToList();
        Assert.Equal(1, routes.Count(r => r == "projects.create"));
        Assert.Equal(2, routes.Count(r => r == "storage.put"));
        Assert.Equal(1, routes.Count(r => r == "edit"));
        Assert.Equal(0, routes.Count(r => r == "export"));
    }

    [Fact]
    public async Task InvokeImagenEditReturnsOneResultWhosePropertiesBindToTheNextCmdlets()
    {
        string shoot = Kit.Shoot("Jones", 3, "raw");
        var result = Kit.Run("$r = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType PORTRAITS -PortraitCrop -Straighten; " +
            "$r; ($r | Get-ImagenEditStatus).Status; $r.Files.Count; $r.Files[[IO.Path]::GetFileName($first)]",
            new() { ["shoot"] = shoot, ["first"] = WorkflowTestKit.FilesIn(shoot)[0] });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        var edit = result.Output[0];
        Assert.Equal("Imagen.Core.ImagenEditResult", edit.BaseObject.GetType().FullName);
        string projectId = (string)edit.Properties["ProjectId"].Value;
        Assert.Matches("^[0-9a-f]{24}$", projectId);
        Assert.Matches(@"^Jones \(3 photos, [0-9a-f]{10}\)$", (string)edit.Properties["ProjectName"].Value);
        Assert.Equal(("Jones", 3, 3, 3), ((string)edit.Properties["Shoot"].Value, (int)edit.Properties["PhotoCount"].Value, (int)edit.Properties["EditedCount"].Value, (int)edit.Properties["BilledCount"].Value));
        Assert.Equal(5700, edit.Properties["ProfileKey"].Value);
        Assert.Equal("Completed", edit.Properties["EditStatus"].Value);
        Assert.Equal(3, edit.Properties["UploadedCount"].Value);
        Assert.Equal(0, edit.Properties["FailedCount"].Value);
        Assert.Equal("Completed", result.Output[1].BaseObject);
        Assert.Equal(3, result.Output[2].BaseObject);
        Assert.Equal(WorkflowTestKit.FilesIn(shoot)[0], result.Output[3].BaseObject);
        Assert.Equal(1, await Kit.BillableEditsAsync(projectId));
    }

    [Fact]
    public async Task JpgProfileWithExportSavesEditsAndJpegsInFoldersBesideTheOriginals()
    {
        string shoot = Kit.Shoot("Garden", 3, "jpeg");
        var originals = WorkflowTestKit.FilesIn(shoot);
        var before = originals.ToDictionary(p => p, File.ReadAllBytes);
        int requests = (await Kit.JournalAsync()).Count;

        var result = Kit.Run(
            "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29132 -PhotographyType EVENTS -Export | Save-ImagenResult -PassThru",
            new() { ["shoot"] = shoot });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        string edits = Path.Combine(shoot, "Imagen Edit");
        string exports = Path.Combine(shoot, "Imagen Export");
        Assert.Equal(3, WorkflowTestKit.FilesIn(edits).Count);
        Assert.Equal(3, WorkflowTestKit.FilesIn(exports, "*.jpg").Count);
        foreach (string jpeg in WorkflowTestKit.FilesIn(exports))
        {
            byte[] bytes = File.ReadAllBytes(jpeg);
            Assert.True(bytes.Length > 100 && bytes[0] == 0xFF && bytes[1] == 0xD8, $"{jpeg} is not a JPEG");
        }

        // The originals are never touched, even though the edited JPEGs carry their names.
        foreach (var (path, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(path));
        }

        Assert.Equal(6, result.Output.Count);
        Assert.All(result.Output, o => Assert.IsType<FileInfo>(o.BaseObject));
        var routes = (await Kit.RoutesAsync()).Skip(requests).ToList();
        Assert.Equal(1, routes.Count(r => r == "export"));
    }

    [Fact]
    public void PathWritesEverythingIntoOneFolderAndPassThruEmitsFileInfo()
    {
        string shoot = Kit.Shoot("Lake", 3, "raw");
        string output = Path.Combine(Kit.Root, "out", "Lake edits");

        var result = Kit.Run(
            "Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 14715 | Save-ImagenResult -Path $out -PassThru",
            new() { ["shoot"] = shoot, ["out"] = output });

        Assert.Null(result.Terminating);
        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.All(result.Output, o => Assert.Equal(output, ((FileInfo)o.BaseObject).DirectoryName));
        Assert.Equal(3, WorkflowTestKit.FilesIn(output).Count);
        Assert.Empty(WorkflowTestKit.FilesIn(shoot, "*.xmp"));
    }

    [Fact]
    public void ReSavingOverResultsOnDiskIsQuietAndDifferingFilesAreOneErrorThatForceDoesNotOverride()
    {
        string shoot = Kit.Shoot("Beach", 2, "raw", seed: 11);
        var first = Kit.Run("$global:r = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700; $global:r | Save-ImagenResult", new() { ["shoot"] = shoot });
        Assert.Empty(first.AllErrors);
        var outputs = WorkflowTestKit.FilesIn(shoot).Where(p => !p.EndsWith(".nef") && !p.EndsWith(".cr2")).ToList();
        Assert.NotEmpty(outputs);

        // The same results already on disk count as saved: no error at all, with or without -Force.
        var same = Kit.Run("$global:r | Save-ImagenResult -PassThru; $global:r | Save-ImagenResult -Force");
        Assert.Empty(same.AllErrors);
        Assert.Equal(outputs.Count, same.Output.Count);

        foreach (string output in outputs)
        {
            File.WriteAllText(output, "my own edits");
        }

        // Different files are left alone and reported once, in one error listing them, even with -Force: the
        // photographer changed them after Imagen wrote them, so they are no longer Imagen's to replace.
        foreach (var script in new[] { "$global:r | Save-ImagenResult", "$global:r | Save-ImagenResult -Force" })
        {
            var again = Kit.Run(script);
            var error = Assert.Single(again.AllErrors);
            Assert.Equal("ImagenResultsDiffer", error.FullyQualifiedErrorId.Split(',')[0]);
            Assert.Equal(ErrorCategory.ResourceExists, error.CategoryInfo.Category);
            Assert.All(outputs, p => Assert.Contains(p, error.Exception.Message));
            Assert.Equal(outputs.OrderBy(p => p), ((string[])error.TargetObject).OrderBy(p => p));
            Assert.All(outputs, p => Assert.Equal("my own edits", File.ReadAllText(p)));
        }
    }

    [Fact]
    public async Task WhatIfSendsNothingBillableAndWritesNothing()
    {
        string shoot = Kit.Shoot("Hall", 2, "raw");
        int billedBefore = await Kit.TotalBillableEditsAsync();
        int requestsBefore = (await Kit.JournalAsync()).Count;

        var result = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -Crop -WhatIf", new() { ["shoot"] = shoot });

        Assert.Empty(result.AllErrors);
        Assert.Empty(result.Output);
        var routes = (await Kit.JournalAsync()).Skip(requestsBefore).Select(WorkflowTestKit.Route).ToList();
        Assert.DoesNotContain(routes, WorkflowTestKit.CreatesOrBills);
        Assert.Equal(billedBefore, await Kit.TotalBillableEditsAsync());

        // Save-ImagenResult -WhatIf of a real result writes nothing either.
        var edited = Kit.Run("$global:done = Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700; $global:done | Save-ImagenResult -WhatIf", new() { ["shoot"] = shoot });
        Assert.Empty(edited.AllErrors);
        Assert.Empty(WorkflowTestKit.FilesIn(shoot, "*.xmp"));
    }

    [Fact]
    public void ProgressShowsASummaryAndChildBarsAndClosesEveryBar()
    {
        string shoot = Kit.Shoot("Stage", 3, "jpeg");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 29133 -Export | Save-ImagenResult", new() { ["shoot"] = shoot });
        watch.Stop();

        Assert.Empty(result.AllErrors);
        var progress = result.Progress;
        Assert.NotEmpty(progress);
        var summaries = progress.Where(p => p.ParentActivityId < 0).Select(p => p.ActivityId).Distinct().ToList();
        var children = progress.Where(p => p.ParentActivityId >= 0).ToList();
        Assert.Equal(2, summaries.Count); // Invoke-ImagenEdit's and Save-ImagenResult's bars never share an id
        Assert.Contains(children, p => p.Activity == "Uploading");
        Assert.Contains(children, p => p.Activity == "Editing");
        Assert.Contains(children, p => p.Activity == "Exporting JPEGs");
        Assert.Contains(children, p => p.Activity == "Downloading");
        Assert.All(children, p => Assert.Contains(p.ParentActivityId, summaries));

        // Every bar that was shown ends with a Completed record, and nothing is written after it.
        foreach (var bars in progress.GroupBy(p => p.ActivityId))
        {
            Assert.Equal(ProgressRecordType.Completed, bars.Last().RecordType);
        }

        Assert.Contains(children, p => p.Activity == "Uploading" && p.StatusDescription.Contains("files") && p.StatusDescription.Contains("/s"));

        // Throttled: at most five updates a second per bar (plus its first and its Completed record).
        double limit = watch.Elapsed.TotalSeconds * 5 + 2;
        Assert.All(progress.GroupBy(p => p.ActivityId), bar =>
            Assert.True(bar.Count(p => p.RecordType != ProgressRecordType.Completed) <= limit, $"bar {bar.Key}: {bar.Count()} records in {watch.Elapsed.TotalSeconds:0.0} s"));
    }

    [Fact]
    public async Task CallbackUrlReachesTheServiceWhichCallsItWhenTheEditIsDone()
    {
        var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var hook = new System.Net.HttpListener();
        hook.Prefixes.Add($"http://127.0.0.1:{port}/");
        hook.Start();
        var call = hook.GetContextAsync();
        string shoot = Kit.Shoot("Hook", 2, "raw");

        var result = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -CallbackUrl $hook",
            new() { ["shoot"] = shoot, ["hook"] = $"http://127.0.0.1:{port}/imagen/hook-7f3a" });

        Assert.Empty(result.AllErrors);
        string projectId = (string)result.Output.Single().Properties["ProjectId"].Value;
        Assert.Same(call, await Task.WhenAny(call, Task.Delay(10000)));
        var context = await call;
        Assert.Equal("/imagen/hook-7f3a", context.Request.Url!.AbsolutePath);
        string body = await new StreamReader(context.Request.InputStream).ReadToEndAsync();
        Assert.Contains(projectId, body);
        Assert.Contains("Completed", body);
        context.Response.Close();
    }

    [Fact]
    public void VerboseTellsTheStoryAndDebugShowsTheHttpCallsWithoutTheKey()
    {
        string shoot = Kit.Shoot("Story", 2, "raw");
        var result = Kit.Run("Get-ChildItem ([IO.Path]::Combine($shoot, '*')) | Invoke-ImagenEdit -ProfileKey 5700 -Verbose -Debug -ErrorAction Stop", new() { ["shoot"] = shoot });

        Assert.Empty(result.AllErrors);
        string verbose = string.Join("\n", result.Verbose.Select(v => v.Message));
        Assert.Contains("passed the checks", verbose);
        Assert.Contains("Creat", verbose);
        Assert.Contains("Upload", verbose);
        Assert.Contains("Completed", verbose);
        Assert.Contains(result.Debug, d => d.Message.Contains("POST") && d.Message.Contains("/edit"));
        Assert.DoesNotContain(Kit.Server.ApiKey, result.AllText());
    }
}
