using System.Collections.Concurrent;
using System.Security.Cryptography;
using Imagen.Emulator.Api;
using Imagen.Emulator.Artifacts;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Jobs;

/// <summary>
/// Runs edits and exports in the background: In Progress with rising <c>progress</c> (one photo per
/// <see cref="EmulatorOptions.SecondsPerPhoto"/>), the real artefacts of §8 written per photo, then Completed — or
/// Failed when a "fail" fault says so or no photo could be processed. A photo that cannot be processed is named in
/// <c>details</c> and the others still complete. Then the callback, then the automatic export when asked for.
/// </summary>
public sealed class JobRunner(SettingsStore settings, CallbackNotifier callbacks, FaultInjector faults, TimeProvider clock,
    ILogger<JobRunner> logger) : IAsyncDisposable
{
    private const int TicksPerPhoto = 4;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>
    /// Starts a job the caller has already moved to In Progress (under the project's lock). <paramref name="fail"/>
    /// makes it end Failed halfway through, as an injected fault.
    /// </summary>
    public void Start(Project project, JobKind kind, bool fail)
    {
        var task = Task.Run(() => RunAsync(project, kind, fail, _stopping.Token));
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task RunAsync(Project project, JobKind kind, bool fail, CancellationToken cancellationToken)
    {
        try
        {
            var (inputs, style, request, runDirectory) = Snapshot(project, kind);
            var job = project.JobOf(kind);
            var outputs = new List<OutputFile>();
            var problems = new List<string>();
            bool failedByFault = false;

            for (int i = 0; i < inputs.Count; i++)
            {
                for (int tick = 1; tick <= TicksPerPhoto; tick++)
                {
                    await Task.Delay(TimeSpan.FromSeconds(settings.Current.SecondsPerPhoto / TicksPerPhoto), clock, cancellationToken);
                    double progress = Math.Round(95.0 * (i + (double)tick / TicksPerPhoto) / inputs.Count, 1);
                    lock (project.Gate) job.Progress = progress;
                }
                if (fail && i >= inputs.Count / 2)
                {
                    failedByFault = true;
                    break;
                }
                var input = inputs[i];
                if (kind == JobKind.Edit && IsFailPhoto(input.FileName))
                {
                    problems.Add($"'{input.FileName}' (the image could not be processed: it looks damaged or has no usable picture data)");
                    continue;
                }

                try
                {
                    string directory = Path.Combine(runDirectory, input.FileId);
                    // Smart Editing hands back finished JPEGs (§8.3), so its edit renders like an export.
                    string name = kind == JobKind.Edit && project.Family == ProjectFamily.Regular
                        ? EditArtifacts.WriteEditOutput(input.StoragePath, input.FileName, style, directory)
                        : EditArtifacts.WriteExportJpeg(input.StoragePath, input.FileName, style, directory);
                    string path = Path.Combine(directory, name);
                    outputs.Add(new OutputFile(input.FileId, name, path, Md5Hex(path)));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    problems.Add($"'{input.FileName}' ({ex.Message})");
                    logger.LogWarning("Project {Project}: {Kind} of {File} failed: {Error}", project.Uuid, kind, input.FileName, ex.Message);
                }
            }

            JobStatus outcome = failedByFault || outputs.Count == 0 ? JobStatus.Failed : JobStatus.Completed;
            string verb = kind == JobKind.Edit ? "edited" : "exported";
            string? details = failedByFault
                ? $"The {(kind == JobKind.Edit ? "edit" : "export")} failed (injected fault). Contact your Imagen service manager."
                : problems.Count == 0 ? null
                : $"{problems.Count} of {inputs.Count} photo(s) could not be {verb}: {string.Join(", ", problems)}";
            lock (project.Gate)
            {
                job.Outputs.Clear();
                if (outcome == JobStatus.Completed) job.Outputs.AddRange(outputs);
                job.Status = outcome;
                if (outcome == JobStatus.Completed) job.Progress = 100;
                job.Details = details;
                job.FinishedAt = clock.GetUtcNow();
            }

            if (request.CallbackUrl is { } callbackUrl)
                await callbacks.NotifyAsync(callbackUrl, project.Uuid, kind, outcome, cancellationToken);

            if (kind == JobKind.Edit && outcome == JobStatus.Completed && request.Export)
                StartAutomaticExport(project);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The emulator is shutting down.
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Project {Project}: the {Kind} job crashed", project.Uuid, kind);
            lock (project.Gate)
            {
                var job = project.JobOf(kind);
                job.Status = JobStatus.Failed;
                job.Details = "Internal emulator error: " + ex.Message;
                job.FinishedAt = clock.GetUtcNow();
            }
        }
    }

    /// <summary>A photo the settings name in <see cref="EmulatorOptions.FailPhotos"/>: the service cannot edit it.</summary>
    private bool IsFailPhoto(string fileName) =>
        settings.Current.FailPhotos.Any(pattern => System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(pattern, fileName, ignoreCase: true));

    private void StartAutomaticExport(Project project)
    {
        lock (project.Gate)
        {
            if (project.Export.IsRunningOrDone) return;
            project.Export.Begin(clock.GetUtcNow());
            project.Exports++;
        }
        Start(project, JobKind.Export, faults.Next(RouteNames.Export, "fail") is not null);
    }

    /// <summary>What the job works on: the uploaded files (edit) or the files the edit produced outputs for (export).</summary>
    private static (List<ProjectFile> Inputs, ProfileStyle Style, EditRequest Request, string RunDirectory) Snapshot(Project project, JobKind kind)
    {
        lock (project.Gate)
        {
            var style = project.Family == ProjectFamily.SmartEdit
                ? SmartEditStyle
                : project.Profile is { } profile ? ProfileStyle.For(profile.ProfileKey, profile.ProfileName)
                : throw new InvalidOperationException("A job started before a profile was chosen.");
            var inputs = kind == JobKind.Edit
                ? project.Files.Values.Where(f => f.Uploaded).ToList()
                : project.Edit.Outputs.Select(o => project.FindFile(o.FileId)!).ToList();
            string runDirectory = Path.Combine(project.Directory, kind == JobKind.Edit ? "edit" : "export", project.JobOf(kind).Runs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return (inputs, style, project.EditRequest!, runDirectory);
        }
    }

    /// <summary>Smart Editing has no profile: one house style, the emulator's stand-in for Imagen's own judgement.</summary>
    private static readonly ProfileStyle SmartEditStyle = ProfileStyle.For(0, "Smart Editing");

    private static string Md5Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try { await Task.WhenAll(_running.Keys).WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (Exception) { /* already logged by the job, or shutting down */ }
        _stopping.Dispose();
    }
}
