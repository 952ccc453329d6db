using Imagen.Emulator.Api;
using Imagen.Emulator.Projects;
using Imagen.Emulator.SmartEditing;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Jobs;

/// <summary>
/// <c>GET /v1/projects/{uuid}/export/get_upload_link?file_name=…</c> (§3.7, newer SDKs): a PUT link for one
/// exported JPEG. The sources do not say what it is for; the emulator lets the upload replace the exported image of
/// that name (see <see cref="ExportReplacement"/>), so it needs a completed export and a JPEG name.
/// </summary>
public static class ExportUploadLinkEndpoint
{
    public static void MapExportUploadLinkEndpoint(this IEndpointRouteBuilder app) =>
        app.MapApi("GET", "/v1/projects/{projectUuid}/export/get_upload_link", RouteNames.ExportUploadLink, UploadLink);

    private static IResult UploadLink(HttpContext context, string projectUuid, string? file_name, ProjectStore projects,
        ApiResponder responder, StorageSigner signer)
    {
        var project = projects.Find(projectUuid);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        if (string.IsNullOrEmpty(file_name)) return SmartEditEndpoints.FileNameRequired(responder);
        if (FileNames.Problem(file_name) is { } problem)
            return responder.Error(StatusCodes.Status400BadRequest, $"Invalid file name \"{file_name}\": {problem}.");
        if (FileNames.Classify(file_name) != FileNames.Kind.Jpeg)
            return responder.Error(StatusCodes.Status400BadRequest, $"Exported images are JPEGs: \"{file_name}\" is not a .jpg or .jpeg name.");
        lock (project.Gate)
        {
            if (project.Export.Status != JobStatus.Completed)
                return responder.Error(StatusCodes.Status400BadRequest, "Project has not been exported yet.");
            if (!project.ExportUploads.TryGetValue(file_name, out var file))
            {
                string fileId = "x" + (project.ExportUploads.Count + 1).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
                file = new ProjectFile { FileId = fileId, FileName = file_name, StoragePath = Path.Combine(project.Directory, "export-upload", fileId) };
                project.ExportUploads.Add(file_name, file);
            }
            return responder.Ok(new
            {
                file_name,
                upload_link = signer.CreateLink(context.Request, "PUT", project.Uuid, StorageArea.ExportUpload, file.FileId, file.FileName, contentMd5: null),
            });
        }
    }
}
