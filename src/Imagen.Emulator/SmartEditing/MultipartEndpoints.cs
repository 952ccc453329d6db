using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Imagen.Emulator.Api;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.SmartEditing;

/// <summary>
/// Multipart uploads of large files to Smart Editing projects (§4.4): create returns one signed PUT link per part,
/// complete assembles the received parts in order (every part must be there, each but the last at least S3's
/// 5 MiB), abort discards them. Parts go to <see cref="MultipartPartEndpoint"/>.
/// </summary>
public static class MultipartEndpoints
{
    public const int MaxParts = 10_000;

    /// <summary>S3's minimum for every part but the last.</summary>
    public const long MinPartBytes = 5L * 1024 * 1024;

    private const string Route = "/v1/i2i/projects/{projectUuid}/multipart_uploads";

    public static void MapMultipartEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapApi("POST", Route, RouteNames.MultipartCreate, CreateAsync);
        app.MapApi("POST", Route + "/{uploadId}/complete", RouteNames.MultipartComplete, CompleteAsync);
        app.MapApi("DELETE", Route + "/{uploadId}", RouteNames.MultipartAbort, AbortAsync);
    }

    /// <summary>Body <c>{"file_name": str, "part_count": 1..10000}</c>.</summary>
    private static async Task<IResult> CreateAsync(HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder, StorageSigner signer)
    {
        var project = projects.Find(projectUuid, ProjectFamily.SmartEdit);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var issues = new List<ValidationIssue>();
        string? fileName = FileNameOf(body.Root, issues);
        int partCount = 0;
        if (body.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("part_count", out var countElement)
            && countElement.ValueKind == JsonValueKind.Number && countElement.TryGetInt32(out int parsed))
        {
            partCount = parsed;
            if (partCount is < 1 or > MaxParts)
                issues.Add(new ValidationIssue(["body", "part_count"], $"Input should be between 1 and {MaxParts}", partCount < 1 ? "greater_than_equal" : "less_than_equal"));
        }
        else
        {
            issues.Add(new ValidationIssue(["body", "part_count"], "Field required (a whole number from 1 to 10000)", "missing"));
        }
        if (issues.Count > 0) return responder.ValidationError(issues);
        if (UploadLinkEndpoints.NameProblem(project, fileName!) is { } problem)
            return responder.Error(StatusCodes.Status400BadRequest, problem);

        lock (project.Gate)
        {
            if (project.Edit.IsRunningOrDone)
                return responder.Error(StatusCodes.Status400BadRequest, UploadLinkEndpoints.AlreadySentToEdit);
            var file = project.Files.GetValueOrDefault(fileName!) ?? project.AddFile(fileName!);
            string uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var upload = new MultipartUpload
            {
                UploadId = uploadId,
                Key = $"i2i/{project.Uuid}/{fileName}",
                FileName = fileName!,
                FileId = file.FileId,
                PartCount = partCount,
                Directory = Path.Combine(project.Directory, "multipart", uploadId),
            };
            project.MultipartUploads.Add(uploadId, upload);
            var parts = Enumerable.Range(1, partCount).Select(n => new
            {
                part_number = n,
                upload_url = signer.CreatePartLink(context.Request, project.Uuid, uploadId, n, fileName!),
            }).ToList();
            return responder.Ok(new { upload_id = uploadId, key = upload.Key, parts });
        }
    }

    /// <summary>Body <c>{"file_name": str}</c>; no part list: the service lists the parts it received (§4.4).</summary>
    private static async Task<IResult> CompleteAsync(HttpContext context, string projectUuid, string uploadId, ProjectStore projects,
        ApiResponder responder, TimeProvider clock)
    {
        var project = projects.Find(projectUuid, ProjectFamily.SmartEdit);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var issues = new List<ValidationIssue>();
        string? fileName = FileNameOf(body.Root, issues);
        if (issues.Count > 0) return responder.ValidationError(issues);

        MultipartUpload upload;
        ProjectFile file;
        List<UploadedPart> parts;
        lock (project.Gate)
        {
            if (project.MultipartUploads.GetValueOrDefault(uploadId) is not { } found)
                return UploadNotFound(responder, uploadId);
            upload = found;
            if (upload.FileName != fileName)
                return responder.Error(StatusCodes.Status400BadRequest,
                    $"Multipart upload {uploadId} is for \"{upload.FileName}\", not \"{fileName}\".");
            var missing = Enumerable.Range(1, upload.PartCount).Where(n => !upload.Parts.ContainsKey(n)).ToList();
            if (missing.Count > 0)
                return responder.Error(StatusCodes.Status400BadRequest,
                    $"Cannot complete the upload of \"{fileName}\": part(s) {string.Join(", ", missing)} of {upload.PartCount} have not been uploaded.");
            parts = upload.Parts.Values.OrderBy(p => p.PartNumber).ToList();
            var small = parts.SkipLast(1).Where(p => p.Length < MinPartBytes).Select(p => p.PartNumber).ToList();
            if (small.Count > 0)
                return responder.Error(StatusCodes.Status400BadRequest,
                    $"Cannot complete the upload of \"{fileName}\": part(s) {string.Join(", ", small)} are smaller than the 5 MiB minimum for every part but the last (EntityTooSmall).");
            project.MultipartUploads.Remove(uploadId); // nobody else can complete or abort it meanwhile
            file = project.FindFile(upload.FileId)!;
        }

        // Assemble in part order, hashing as we go; the object's ETag is S3's multipart form: md5-of-md5s "-" count.
        Directory.CreateDirectory(Path.GetDirectoryName(file.StoragePath)!);
        string temporary = file.StoragePath + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long length = 0;
        await using (var output = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
        {
            var buffer = new byte[81920];
            foreach (var part in parts)
            {
                await using var input = new FileStream(part.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
                int read;
                while ((read = await input.ReadAsync(buffer, CancellationToken.None)) > 0)
                {
                    md5.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), CancellationToken.None);
                    length += read;
                }
            }
        }
        File.Move(temporary, file.StoragePath, overwrite: true);
        DeleteParts(upload);
        string md5Hex = Convert.ToHexStringLower(md5.GetHashAndReset());
        string etag = MultipartEtag(parts);
        lock (project.Gate)
        {
            file.Uploaded = true;
            file.Length = length;
            file.Md5Hex = md5Hex;
            file.UploadedAt = clock.GetUtcNow();
        }
        return responder.Ok(new { file_name = fileName, key = upload.Key, etag, size = length });
    }

    /// <summary>Body <c>{"key": str}</c>, which must be the key the upload was created with.</summary>
    private static async Task<IResult> AbortAsync(HttpContext context, string projectUuid, string uploadId, ProjectStore projects, ApiResponder responder)
    {
        var project = projects.Find(projectUuid, ProjectFamily.SmartEdit);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        if (body.Root is not { ValueKind: JsonValueKind.Object } root || !root.TryGetProperty("key", out var keyElement)
            || keyElement.ValueKind != JsonValueKind.String)
            return responder.ValidationError([new ValidationIssue(["body", "key"], "Field required", "missing")]);

        MultipartUpload upload;
        lock (project.Gate)
        {
            if (project.MultipartUploads.GetValueOrDefault(uploadId) is not { } found)
                return UploadNotFound(responder, uploadId);
            if (found.Key != keyElement.GetString())
                return responder.Error(StatusCodes.Status400BadRequest, $"The key does not match multipart upload {uploadId}; send the key create returned.");
            upload = found;
            project.MultipartUploads.Remove(uploadId);
        }
        DeleteParts(upload);
        return responder.Ok(new { message = $"Multipart upload of \"{upload.FileName}\" aborted" });
    }

    private static IResult UploadNotFound(ApiResponder responder, string uploadId) =>
        responder.Error(StatusCodes.Status404NotFound, $"Multipart upload {uploadId} not found: it was completed, aborted, or never created.");

    private static string? FileNameOf(JsonElement? body, List<ValidationIssue> issues)
    {
        if (body is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("file_name", out var name) && name.ValueKind == JsonValueKind.String)
        {
            if (name.GetString()!.Length > 0) return name.GetString();
            issues.Add(new ValidationIssue(["body", "file_name"], "String should have at least 1 character", "string_too_short"));
            return null;
        }
        issues.Add(new ValidationIssue(["body", "file_name"], "Field required", "missing"));
        return null;
    }

    private static string MultipartEtag(IReadOnlyList<UploadedPart> parts)
    {
        byte[] digests = parts.SelectMany(p => Convert.FromHexString(p.Md5Hex)).ToArray();
        return $"\"{Convert.ToHexStringLower(MD5.HashData(digests))}-{parts.Count.ToString(CultureInfo.InvariantCulture)}\"";
    }

    private static void DeleteParts(MultipartUpload upload)
    {
        try { if (Directory.Exists(upload.Directory)) Directory.Delete(upload.Directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
