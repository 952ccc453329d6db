using Imagen.Emulator.Jobs;

namespace Imagen.Emulator.Projects;

/// <summary>A project as the listing and get routes show it (§3.2.2, <c>ProjectListItem</c>).</summary>
public sealed record ProjectView(
    int ProjectId, string ProjectUuid, string Name, string Status, string CreatedAt, int NumberOfImages,
    string? Profile, IReadOnlyList<string> AiTools, int CustomerReferenceId, string? ThumbnailSrc, string ExportStatus)
{
    public const int CustomerReference = 4242;

    public static ProjectView Of(Project project, string statusCasing)
    {
        lock (project.Gate)
        {
            return new ProjectView(
                project.ProjectId,
                project.Uuid,
                project.Name,
                JobStatusText.Format(project.Edit.Status, statusCasing),
                project.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
                project.Files.Values.Count(f => f.Uploaded),
                project.Profile?.ProfileName,
                project.EditRequest?.EnabledTools() ?? [],
                CustomerReference,
                ThumbnailSrc: null,
                JobStatusText.Format(project.Export.Status, statusCasing));
        }
    }
}
