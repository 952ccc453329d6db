using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Admin;

/// <summary>Everything the emulator knows about a project, for tests and operators.</summary>
public sealed record ProjectState(
    string ProjectUuid, string Name, string EditStatus, double? EditProgress, string? EditDetails, string ExportStatus,
    int BillableEdits, int Exports, int? ProfileKey, IReadOnlyList<ProjectState.FileState> Files,
    IReadOnlyList<string> EditOutputs, IReadOnlyList<string> ExportOutputs)
{
    public sealed record FileState(string FileName, bool Uploaded, long Length, string? DeclaredMd5, string? Md5Hex);

    public static ProjectState Of(Project project, string casing)
    {
        lock (project.Gate)
        {
            return new ProjectState(project.Uuid, project.Name,
                JobStatusText.Format(project.Edit.Status, casing), project.Edit.Progress, project.Edit.Details,
                JobStatusText.Format(project.Export.Status, casing), project.BillableEdits, project.Exports, project.Profile?.ProfileKey,
                project.Files.Values.Select(f => new FileState(f.FileName, f.Uploaded, f.Length, f.DeclaredMd5, f.Md5Hex)).ToList(),
                project.Edit.Outputs.Select(o => o.FileName).ToList(),
                project.Export.Outputs.Select(o => o.FileName).ToList());
        }
    }
}
