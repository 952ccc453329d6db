using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Storage;

/// <summary>Which stored object a GET link names: an edit, export, Copilot version or finalize output.</summary>
public static class StoredOutputs
{
    public static OutputFile? Find(Project project, string area, string fileId, string fileName)
    {
        lock (project.Gate)
        {
            IEnumerable<OutputFile> candidates = area switch
            {
                StorageArea.Edit => project.Edit.Outputs,
                StorageArea.Export => project.Export.Outputs,
                StorageArea.Versions => project.Versions.Values.SelectMany(v => v).Select(v => v.Output),
                StorageArea.Final => project.Finalized,
                _ => [],
            };
            return candidates.FirstOrDefault(o => o.FileId == fileId && o.FileName == fileName);
        }
    }
}
