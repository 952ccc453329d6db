using System.Text.Json;
using Imagen.Emulator.Api;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Projects;

/// <summary>
/// <c>POST /v1/projects/{uuid}/get_temporary_upload_links</c> (§3.3). A name repeated within one request is a 400;
/// asking again for a name the project already has gives a fresh link for the same file (a retry after expiry).
/// </summary>
public static class UploadLinkEndpoints
{
    public static void MapUploadLinkEndpoints(this IEndpointRouteBuilder app) =>
        app.MapApi("POST", "/v1/projects/{projectUuid}/get_temporary_upload_links", RouteNames.UploadLinks, CreateLinksAsync);

    private sealed record Requested(string FileName, string? Md5);

    private static async Task<IResult> CreateLinksAsync(HttpContext context, string projectUuid, ProjectStore projects,
        ApiResponder responder, StorageSigner signer)
    {
        var project = projects.Find(projectUuid);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);

        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var (requested, issues) = ParseFilesList(body.Root);
        if (issues.Count > 0) return responder.ValidationError(issues);

        var duplicates = requested.GroupBy(r => r.FileName, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList();
        if (duplicates.Count > 0)
            return responder.Error(StatusCodes.Status400BadRequest, string.Join(" ", duplicates.Select(g => $"File \"{g.Key}\" appears {g.Count()} times.")));
        foreach (var file in requested)
        {
            if (FileNames.Problem(file.FileName) is { } problem)
                return responder.Error(StatusCodes.Status400BadRequest, $"Invalid file name \"{file.FileName}\": {problem}.");
            if (file.Md5 is not null && !IsBase64Md5(file.Md5))
                return responder.Error(StatusCodes.Status400BadRequest,
                    $"Invalid md5 for \"{file.FileName}\": expected the base64 of the 16-byte MD5 digest (24 characters, e.g. CldbCd+F12oPFPJyZ2uDrw==), got \"{file.Md5}\".");
        }

        var links = new List<object>(requested.Count);
        lock (project.Gate)
        {
            if (project.Edit.IsRunningOrDone)
                return responder.Error(StatusCodes.Status400BadRequest, "Project has already been sent to edit; files cannot be added to it.");
            foreach (var entry in requested)
            {
                var file = project.Files.GetValueOrDefault(entry.FileName) ?? project.AddFile(entry.FileName);
                file.DeclaredMd5 = entry.Md5;
                links.Add(new
                {
                    file_name = file.FileName,
                    upload_link = signer.CreateLink(context.Request, "PUT", project.Uuid, StorageArea.Upload, file.FileId, file.FileName, entry.Md5),
                });
            }
        }
        return responder.Ok(new { files_list = links });
    }

    private static (List<Requested> Files, List<ValidationIssue> Issues) ParseFilesList(JsonElement? root)
    {
        var files = new List<Requested>();
        var issues = new List<ValidationIssue>();
        if (root is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("files_list", out var list))
        {
            issues.Add(new ValidationIssue(["body", "files_list"], "Field required", "missing"));
            return (files, issues);
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            issues.Add(new ValidationIssue(["body", "files_list"], "Input should be a valid list", "list_type"));
            return (files, issues);
        }
        if (list.GetArrayLength() == 0)
            issues.Add(new ValidationIssue(["body", "files_list"], "List should have at least 1 item", "too_short"));
        int index = 0;
        foreach (var item in list.EnumerateArray())
        {
            string at = index++.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("file_name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                issues.Add(new ValidationIssue(["body", "files_list", at, "file_name"], "Field required (a string)", "missing"));
                continue;
            }
            string? md5 = null;
            if (item.TryGetProperty("md5", out var md5Element) && md5Element.ValueKind != JsonValueKind.Null)
            {
                if (md5Element.ValueKind != JsonValueKind.String)
                {
                    issues.Add(new ValidationIssue(["body", "files_list", at, "md5"], "Input should be a valid string", "string_type"));
                    continue;
                }
                md5 = md5Element.GetString();
            }
            files.Add(new Requested(name.GetString()!, md5));
        }
        return (files, issues);
    }

    private static bool IsBase64Md5(string value)
    {
        Span<byte> bytes = stackalloc byte[18];
        return Convert.TryFromBase64String(value, bytes, out int written) && written == 16;
    }
}
