using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Samples;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// What the workflow tests share: a session connected to an emulator, sample shoots on disk, and the emulator's
/// admin routes (journal, billable edits, faults) to assert what the client really sent.
/// </summary>
public sealed class WorkflowTestKit : IDisposable
{
    /// <summary>Get-ChildItem is not in the hosted engine (only Microsoft.PowerShell.Core is); this is its file-system output.</summary>
    private const string GetChildItem =
        "function Get-ChildItem { param([Parameter(Position = 0)][string] $Path) $ExecutionContext.SessionState.InvokeProvider.ChildItem.Get($Path, $false) }";

    private static readonly HttpClient Admin = new();

    /// <param name="server">The emulator the session connects to.</param>
    /// <param name="host">A host for the session (e.g. <see cref="CapturingHost"/>), or none, as in most tests.</param>
    public WorkflowTestKit(EmulatorServer server, PSHost? host = null)
    {
        Server = server;
        Root = Path.Combine(Path.GetTempPath(), "imagen-wf-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(Root);

        // Each test's run records stay in a folder of its own (outside Root, which holds only photos and results),
        // never in the user's store.
        RunStorePath = Root + "-runs";
        _runStore = new EnvironmentScope(("IMAGEN_RUN_PATH", RunStorePath));
        Session = new PowerShellSession(host: host);
        // The emulator edits in milliseconds: poll it every 200 ms instead of the production 5 s, without changing the
        // pipelines the tests run.
        var connect = Run("Connect-Imagen -ApiKey $key -BaseUrl $url; " + GetChildItem +
            "; $global:PSDefaultParameterValues['*-Imagen*:PollingIntervalSec'] = 0.2" +
            // Uploads that keep failing are retried for 5 minutes in production; 2 s here.
            "; $global:PSDefaultParameterValues['Invoke-ImagenEdit:UploadRetryWindowSec'] = 2");
        if (connect.AllErrors.Any())
        {
            throw new InvalidOperationException("Connect-Imagen failed: " + connect);
        }
    }

    private readonly EnvironmentScope _runStore;

    public EmulatorServer Server { get; }

    /// <summary>Where this test's run records go (IMAGEN_RUN_PATH).</summary>
    public string RunStorePath { get; }

    public PowerShellSession Session { get; }

    /// <summary>A temporary folder for this test's photos and outputs.</summary>
    public string Root { get; }

    public PowerShellResult Run(string script, Dictionary<string, object?>? variables = null) => Session.Invoke(script, WithConnection(variables));

    /// <summary>The variables every script of the kit sees ($key, $url, $root) and the test's own.</summary>
    private Dictionary<string, object?> WithConnection(Dictionary<string, object?>? variables)
    {
        var all = new Dictionary<string, object?>
        {
            ["key"] = PowerShellSession.Secure(Server.ApiKey),
            ["url"] = Server.BaseUrl.ToString().TrimEnd('/'),
            ["root"] = Root,
        };
        foreach (var (name, value) in variables ?? new Dictionary<string, object?>())
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>
    /// Starts a script in the session and presses Ctrl+C (PowerShell.Stop) as soon as <paramref name="ready"/>, which
    /// sees the progress records so far, says so; fails if the script ends first or the moment never comes within a
    /// minute. Returns how long Stop() took and the progress records seen.
    /// </summary>
    public (TimeSpan StopTook, List<ProgressRecord> Records) StopWhen(string script, Dictionary<string, object?>? variables, Func<IReadOnlyList<ProgressRecord>, bool> ready)
    {
        using var shell = System.Management.Automation.PowerShell.Create();
        shell.Runspace = Session.Runspace;
        foreach (var (name, value) in WithConnection(variables))
        {
            Session.Runspace.SessionStateProxy.SetVariable(name, value);
        }

        shell.AddScript(script);
        var records = new List<ProgressRecord>();
        shell.Streams.Progress.DataAdded += (sender, e) =>
        {
            var record = ((PSDataCollection<ProgressRecord>)sender!)[e.Index];
            lock (records)
            {
                records.Add(record);
            }
        };

        List<ProgressRecord> SeenSoFar()
        {
            lock (records)
            {
                return records.ToList();
            }
        }

        IAsyncResult running = shell.BeginInvoke();
        var waited = Stopwatch.StartNew();
        while (!ready(SeenSoFar()))
        {
            // (The error stream is read only once the command has ended: enumerating it while it runs blocks.)
            if (running.IsCompleted)
                Assert.Fail("the command ended before the moment to press Ctrl+C: " + string.Join(" | ", shell.Streams.Error));
            if (waited.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail("the moment to press Ctrl+C never came: " + string.Join(" | ", SeenSoFar().Select(r => r.Activity)));
            Thread.Sleep(10);
        }

        var watch = Stopwatch.StartNew();
        shell.Stop();
        watch.Stop();
        Assert.True(running.IsCompleted);
        Assert.Equal(PSInvocationState.Stopped, shell.InvocationStateInfo.State);
        return (watch.Elapsed, SeenSoFar());
    }

    /// <summary>
    /// A sample shoot. Without a seed each shoot's photos are photos of their own: the service (and the run store)
    /// rightly take photos with the same names and bytes for photos already edited, and tests share emulators.
    /// </summary>
    public string Shoot(string folder, int count, string kind, int? seed = null)
    {
        var directory = Path.Combine(Root, folder);
        SampleShootGenerator.Generate(directory, count, kind, seed ?? System.Threading.Interlocked.Increment(ref _nextSeed));
        return directory;
    }

    private static int _nextSeed = 1000;

    public static IReadOnlyList<string> FilesIn(string directory, string pattern = "*") =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, pattern).OrderBy(p => p, StringComparer.Ordinal).ToList() : Array.Empty<string>();

    /// <summary>Every request the emulator received so far.</summary>
    public async Task<IReadOnlyList<JsonElement>> JournalAsync()
    {
        var json = await Admin.GetStringAsync(new Uri(Server.RootUrl, "admin/journal"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public async Task<IReadOnlyList<string>> RoutesAsync() => (await JournalAsync()).Select(Route).ToList();

    public async Task<int> BillableEditsAsync(string projectId)
    {
        var json = await Admin.GetStringAsync(new Uri(Server.RootUrl, "admin/billable-edits"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("projects").TryGetProperty(projectId, out var count) ? count.GetInt32() : 0;
    }

    public async Task<int> TotalBillableEditsAsync()
    {
        var json = await Admin.GetStringAsync(new Uri(Server.RootUrl, "admin/billable-edits"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>Replaces the emulator's fault rules (JSON array of FaultRule).</summary>
    public async Task SetFaultsAsync(string rulesJson)
    {
        using var content = new StringContent(rulesJson, Encoding.UTF8, "application/json");
        using var response = await Admin.PutAsync(new Uri(Server.RootUrl, "admin/faults"), content);
        response.EnsureSuccessStatusCode();
    }

    public static string Route(JsonElement entry) => entry.GetProperty("route").GetString() ?? string.Empty;

    public static int Status(JsonElement entry) => entry.GetProperty("status").GetInt32();

    /// <summary>A request header as journalled, or null when the request did not carry it.</summary>
    public static string? Header(JsonElement entry, string name)
    {
        foreach (var header in entry.GetProperty("headers").EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.ValueKind == JsonValueKind.Array
                    ? string.Join(",", header.Value.EnumerateArray().Select(v => v.GetString()))
                    : header.Value.GetString();
            }
        }

        return null;
    }

    /// <summary>The routes that create something on the server or cost money.</summary>
    public static bool CreatesOrBills(string route) =>
        route is "projects.create" or "upload-links" or "storage.put" or "edit" or "export";

    /// <summary>A second session, connected like the first: a new PowerShell window on the same machine.</summary>
    public PowerShellResult RunInNewSession(string script, Dictionary<string, object?>? variables = null)
    {
        using var session = new PowerShellSession();
        return session.Invoke("Connect-Imagen -ApiKey $key -BaseUrl $url; " + GetChildItem + "; " + script, WithConnection(variables));
    }

    public void Dispose()
    {
        _runStore.Dispose();
        Session.Dispose();
        foreach (var folder in new[] { Root, RunStorePath })
        {
            try
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
            catch (IOException)
            {
            }
        }
    }
}
