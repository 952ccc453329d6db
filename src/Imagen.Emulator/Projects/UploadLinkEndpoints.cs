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
        app.MapApi("POST", "/v1/projects/{projectUuid}/get_temporary_upload_links", RouteNames.UploadLinks,
            (HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder, StorageSigner signer) =>
                CreateLinksAsync(context, projects.Find(projectUuid), responder, signer));

    private sealed record Requested(string FileName, string? Md5);

    /// <summary>The batch of links for <paramref name="project"/> of either family (Smart Editing takes JPEGs only, §3.10).</summary>
    public static async Task<IResult> CreateLinksAsync(HttpContext context, Project? project, ApiResponder responder, StorageSigner signer)
    {
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
            if (NameProblem(project, file.FileName) is { } problem)
                return responder.Error(StatusCodes.Status400BadRequest, problem);
            if (file.Md5 is not null && !IsBase64Md5(file.Md5))
                return responder.Error(StatusCodes.Status400BadRequest,
                    $"Invalid md5 for \"{file.FileName}\": expected the base64 of the 16-byte MD5 digest (24 characters, e.g. CldbCd+F12oPFPJyZ2uDrw==), got \"{file.Md5}\".");
        }

        var links = new List<object>(requested.Count);
        lock (project.Gate)
        {
            if (project.Edit.IsRunningOrDone)
                return responder.Error(StatusCodes.Status400BadRequest, AlreadySentToEdit);
            foreach (var entry in requested)
                links.Add(new { file_name = entry.FileName, upload_link = IssueLink(context, project, entry.FileName, entry.Md5, signer) });
        }
        return responder.Ok(new { files_list = links });
    }

    public const string AlreadySentToEdit = "Project has already been sent to edit; files cannot be added to it.";

    /// <summary>Why <paramref name="fileName"/> cannot be uploaded to <paramref name="project"/>, or null.</summary>
    public static string? NameProblem(Project project, string fileName)
    {
        if (FileNames.Problem(fileName) is { } problem)
            return $"Invalid file name \"{fileName}\": {problem}.";
        if (project.Family == ProjectFamily.SmartEdit && FileNames.Classify(fileName) != FileNames.Kind.Jpeg)
            return $"Smart Editing works on JPEG files only: \"{fileName}\" is not a .jpg or .jpeg file.";
        return null;
    }

    /// <summary>A PUT link for one file, adding the file to the project on first request. Call under the project's gate.</summary>
    public static string IssueLink(HttpContext context, Project project, string fileName, string? md5, StorageSigner signer)
    {
        var file = project.Files.GetValueOrDefault(fileName) ?? project.AddFile(fileName);
        file.DeclaredMd5 = md5;
        return signer.CreateLink(context.Request, "PUT", project.Uuid, StorageArea.Upload, file.FileId, file.FileName, md5);
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
