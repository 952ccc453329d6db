namespace Imagen.Emulator.Projects;

/// <summary>The states of an edit or an export (§5.1).</summary>
public enum JobStatus { Pending, InProgress, Completed, Failed }

public enum JobKind { Edit, Export }

/// <summary>The two project families: the profile flow (§3.2) and Smart Editing (§3.10, <c>project_source</c> "I2I").</summary>
public enum ProjectFamily { Regular, SmartEdit }

public static class JobStatusText
{
    /// <summary>The wire spelling: "In Progress" (title) or "IN PROGRESS" (upper, as docs.md writes it).</summary>
    public static string Format(JobStatus status, string casing)
    {
        string title = status switch
        {
            JobStatus.Pending => "Pending",
            JobStatus.InProgress => "In Progress",
            JobStatus.Completed => "Completed",
            _ => "Failed",
        };
        return casing == StatusCasings.Upper ? title.ToUpperInvariant() : title;
    }
}
