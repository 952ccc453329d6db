using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Storage;

/// <summary>
/// What a PUT to an <c>export/get_upload_link</c> link does (§3.7: the route exists, its purpose is not explained):
/// the uploaded JPEG replaces the exported image of that name, so later export links, Copilot and finalize use it.
/// </summary>
public static class ExportReplacement
{
    /// <summary>Call under the project's gate once <paramref name="upload"/> is stored.</summary>
    public static void Apply(Project project, ProjectFile upload)
    {
        var outputs = project.Export.Outputs;
        int index = outputs.FindIndex(o => o.FileName == upload.FileName);
        string fileId = index >= 0 ? outputs[index].FileId : upload.FileId;
        var replacement = new OutputFile(fileId, upload.FileName, upload.StoragePath, upload.Md5Hex!);
        if (index >= 0) outputs[index] = replacement;
        else outputs.Add(replacement);
    }
}
