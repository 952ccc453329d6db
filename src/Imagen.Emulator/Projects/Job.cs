namespace Imagen.Emulator.Projects;

/// <summary>The state of a project's edit or export. Guarded by the owning project's <see cref="Project.Gate"/>.</summary>
public sealed class Job(JobKind kind)
{
    public JobKind Kind { get; } = kind;
    public JobStatus Status { get; set; } = JobStatus.Pending;

    /// <summary>Percent, 0-100; null while Pending.</summary>
    public double? Progress { get; set; }

    public string? Details { get; set; }
    public List<OutputFile> Outputs { get; } = [];
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>How many times this job has been started (a Failed job may be started again).</summary>
    public int Runs { get; set; }

    public bool IsRunningOrDone => Status is JobStatus.InProgress or JobStatus.Completed;

    /// <summary>Resets the job for a new run.</summary>
    public void Begin(DateTimeOffset now)
    {
        Status = JobStatus.InProgress;
        Progress = 0;
        Details = null;
        Outputs.Clear();
        StartedAt = now;
        FinishedAt = null;
        Runs++;
    }
}
