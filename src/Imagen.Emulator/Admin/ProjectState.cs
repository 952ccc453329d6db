using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Admin;

/// <summary>Everything the emulator knows about a project, for tests and operators.</summary>
public sealed record ProjectState(
    string ProjectUuid, string Name, string Family, string EditStatus, double? EditProgress, string? EditDetails, string ExportStatus,
    int BillableEdits, int Exports, int? ProfileKey, IReadOnlyList<ProjectState.FileState> Files,
    IReadOnlyList<string> EditOutputs, IReadOnlyList<string> ExportOutputs,
    IReadOnlyList<ProjectState.MultipartState> MultipartUploads, int Enhancements, int Finalizations,
    IReadOnlyDictionary<string, IReadOnlyList<int>> Versions)
{
    public sealed record MultipartState(string UploadId, string FileName, int PartCount, IReadOnlyList<int> ReceivedParts);

    public sealed record FileState(string FileName, bool Uploaded, long Length, string? DeclaredMd5, string? Md5Hex);

    public static ProjectState Of(Project project, string casing)
    {
        lock (project.Gate)
        {
            return new ProjectState(project.Uuid, project.Name, project.Family == ProjectFamily.SmartEdit ? "I2I" : "REGULAR",
                JobStatusText.Format(project.Edit.Status, casing), project.Edit.Progress, project.Edit.Details,
                JobStatusText.Format(project.Export.Status, casing), project.BillableEdits, project.Exports, project.Profile?.ProfileKey,
                project.Files.Values.Select(f => new FileState(f.FileName, f.Uploaded, f.Length, f.DeclaredMd5, f.Md5Hex)).ToList(),
                project.Edit.Outputs.Select(o => o.FileName).ToList(),
                project.Export.Outputs.Select(o => o.FileName).ToList(),
                project.MultipartUploads.Values.Select(u => new MultipartState(u.UploadId, u.FileName, u.PartCount, u.Parts.Keys.ToList())).ToList(),
                project.Enhancements, project.Finalizations,
                project.Versions.ToDictionary(v => project.FindFile(v.Key)?.FileName ?? v.Key,
                    v => (IReadOnlyList<int>)v.Value.Select(x => x.VersionId).ToList()));
        }
    }
}
