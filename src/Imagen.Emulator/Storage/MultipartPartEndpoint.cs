using Imagen.Emulator.Api;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Storage;

/// <summary>
/// PUT of one part of a multipart upload (§4.4) to its presigned link. A part is stored as its own object, like a
/// single upload; its route name (<c>storage.part</c>) puts every part in the journal and lets faults target parts.
/// </summary>
public static class MultipartPartEndpoint
{
    public static void MapMultipartPartEndpoint(this IEndpointRouteBuilder app) =>
        app.MapMethods("/s3/{projectUuid}/parts/{uploadId}/{partNumber:int}/{fileName}", ["PUT"], PutPartAsync)
            .WithMetadata(new RouteTag(RouteNames.StoragePart));

    /// <summary>The object id a part's link is signed for.</summary>
    public static string ObjectId(string uploadId, int partNumber) => $"{uploadId}/{partNumber}";

    private static async Task<IResult> PutPartAsync(HttpContext context, string projectUuid, string uploadId, int partNumber, string fileName,
        ProjectStore projects, StorageSigner signer, SettingsStore settings)
    {
        var request = context.Request;
        string resource = request.Path;
        if (settings.Current.Strict && request.Headers.ContainsKey(ApiKeyMiddleware.HeaderName))
            return S3Error.InvalidRequest("Storage links carry their own signature: do not send x-api-key to storage.").ToResult(resource);
        if (signer.Verify(request, projectUuid, StorageArea.Parts, ObjectId(uploadId, partNumber), fileName) is { } denied)
            return denied.ToResult(resource);
        if (request.ContentLength > StorageEndpoints.MaxObjectBytes)
            return S3Error.EntityTooLarge($"A part may be at most {StorageEndpoints.MaxObjectBytes} bytes.").ToResult(resource);

        var project = projects.FindAny(projectUuid);
        MultipartUpload? upload = null;
        if (project is not null)
            lock (project.Gate) upload = project.MultipartUploads.GetValueOrDefault(uploadId);
        if (project is null || upload is null || upload.FileName != fileName)
            return new S3Error(StatusCodes.Status404NotFound, "NoSuchUpload",
                "The specified multipart upload does not exist. It may have been aborted or completed.").ToResult(resource);
        if (partNumber < 1 || partNumber > upload.PartCount)
            return S3Error.InvalidRequest($"Part number {partNumber} is outside 1..{upload.PartCount}.").ToResult(resource);

        Directory.CreateDirectory(upload.Directory);
        string path = Path.Combine(upload.Directory, partNumber.ToString(System.Globalization.CultureInfo.InvariantCulture));
        string temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        var (digest, length, refusal) = await StorageEndpoints.ReceiveBodyAsync(context, temporary, resource);
        if (refusal is not null)
            return refusal;
        if (request.Headers.ContentMD5.ToString() is { Length: > 0 } contentMd5 &&
            StorageEndpoints.DecodeMd5(contentMd5) is { } promised && !promised.AsSpan().SequenceEqual(digest))
        {
            StorageEndpoints.TryDelete(temporary);
            return S3Error.BadDigest("The Content-MD5 you specified did not match what we received.").ToResult(resource);
        }

        string md5Hex = Convert.ToHexStringLower(digest);
        lock (project.Gate)
        {
            // Aborted while the part was in flight: nothing is kept.
            if (!project.MultipartUploads.ContainsKey(uploadId))
            {
                StorageEndpoints.TryDelete(temporary);
                return new S3Error(StatusCodes.Status404NotFound, "NoSuchUpload", "The multipart upload was aborted.").ToResult(resource);
            }
            File.Move(temporary, path, overwrite: true);
            upload.Parts[partNumber] = new UploadedPart(partNumber, path, length, md5Hex);
        }
        context.Response.Headers.ETag = $"\"{md5Hex}\"";
        return Results.Ok();
    }
}
