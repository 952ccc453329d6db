using System.Buffers;
using System.Security.Cryptography;
using Imagen.Emulator.Api;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace Imagen.Emulator.Storage;

/// <summary>
/// The emulator's S3: presigned PUT for uploads and presigned GET (with ranges) for outputs (§4, Appendix A).
/// Bodies stream between the socket and the disk, so memory does not grow with file size.
/// </summary>
public static class StorageEndpoints
{
    /// <summary>S3's limit for a single PUT.</summary>
    public const long MaxObjectBytes = 5L * 1024 * 1024 * 1024;

    private const string ObjectRoute = "/s3/{projectUuid}/{area}/{fileId}/{fileName}";

    public static void MapStorageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(ObjectRoute, ["PUT"], PutAsync).WithMetadata(new RouteTag(RouteNames.StoragePut));
        app.MapMethods(ObjectRoute, ["GET", "HEAD"], Get).WithMetadata(new RouteTag(RouteNames.StorageGet));
    }

    private static async Task<IResult> PutAsync(HttpContext context, string projectUuid, string area, string fileId, string fileName,
        ProjectStore projects, StorageSigner signer, SettingsStore settings, TimeProvider clock)
    {
        var request = context.Request;
        string resource = request.Path;
        var strict = settings.Current.Strict;
        if (strict && request.Headers.ContainsKey(ApiKeyMiddleware.HeaderName))
            return S3Error.InvalidRequest("Storage links carry their own signature: do not send x-api-key to storage.").ToResult(resource);
        if (strict && !string.IsNullOrEmpty(request.Headers.ContentType.ToString()))
            return S3Error.SignatureDoesNotMatch($"The link was signed with an empty Content-Type, but the request sent '{request.Headers.ContentType}'.").ToResult(resource);
        if (signer.Verify(request, projectUuid, area, fileId, fileName) is { } denied)
            return denied.ToResult(resource);
        if (area is not (StorageArea.Upload or StorageArea.ExportUpload))
            return S3Error.AccessDenied("This link does not allow uploads.").ToResult(resource);

        var project = projects.FindAny(projectUuid);
        if (project is null)
            return S3Error.NoSuchKey("The upload link does not belong to an existing project.").ToResult(resource);
        ProjectFile? file;
        string? declaredMd5;
        lock (project.Gate)
        {
            file = area == StorageArea.Upload ? project.FindFile(fileId) : project.ExportUploads.Values.FirstOrDefault(f => f.FileId == fileId);
            declaredMd5 = file?.DeclaredMd5;
        }
        if (file is null || file.FileName != fileName)
            return S3Error.NoSuchKey("The upload link does not belong to a file of this project.").ToResult(resource);

        string contentMd5 = request.Headers.ContentMD5.ToString();
        byte[]? promisedDigest = null;
        if (contentMd5.Length > 0)
        {
            promisedDigest = DecodeMd5(contentMd5);
            if (promisedDigest is null)
                return S3Error.InvalidDigest($"The Content-MD5 you specified is not valid: '{contentMd5}' is not the base64 of a 16-byte MD5 digest.").ToResult(resource);
            if (strict && declaredMd5 is null)
                return S3Error.SignatureDoesNotMatch("The link was signed without a Content-MD5, but the request sent one.").ToResult(resource);
        }
        if (request.ContentLength > MaxObjectBytes)
            return S3Error.EntityTooLarge($"Your proposed upload exceeds the maximum allowed size of {MaxObjectBytes} bytes.").ToResult(resource);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxObjectBytes;

        Directory.CreateDirectory(Path.GetDirectoryName(file.StoragePath)!);
        string temporary = file.StoragePath + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        var (digest, length, refusal) = await ReceiveBodyAsync(context, temporary, resource);
        if (refusal is not null)
            return refusal;
        if (promisedDigest is not null && !digest.AsSpan().SequenceEqual(promisedDigest))
        {
            TryDelete(temporary);
            return S3Error.BadDigest("The Content-MD5 you specified did not match what we received.").ToResult(resource);
        }

        File.Move(temporary, file.StoragePath, overwrite: true);
        string md5Hex = Convert.ToHexStringLower(digest);
        lock (project.Gate)
        {
            file.Uploaded = true;
            file.Length = length;
            file.Md5Hex = md5Hex;
            file.UploadedAt = clock.GetUtcNow();
            if (area == StorageArea.ExportUpload) ExportReplacement.Apply(project, file);
        }
        context.Response.Headers.ETag = $"\"{md5Hex}\"";
        return Results.Ok();
    }

    private static IResult Get(HttpContext context, string projectUuid, string area, string fileId, string fileName,
        ProjectStore projects, StorageSigner signer, SettingsStore settings)
    {
        var request = context.Request;
        string resource = request.Path;
        if (settings.Current.Strict && request.Headers.ContainsKey(ApiKeyMiddleware.HeaderName))
            return S3Error.InvalidRequest("Storage links carry their own signature: do not send x-api-key to storage.").ToResult(resource);
        if (signer.Verify(request, projectUuid, area, fileId, fileName) is { } denied)
            return denied.ToResult(resource);

        OutputFile? output = projects.FindAny(projectUuid) is { } project ? StoredOutputs.Find(project, area, fileId, fileName) : null;
        if (output is null || !File.Exists(output.Path))
            return S3Error.NoSuchKey("The specified key does not exist.").ToResult(resource);

        return Results.File(output.Path, ContentTypeOf(output.FileName), fileDownloadName: null,
            lastModified: File.GetLastWriteTimeUtc(output.Path), entityTag: new EntityTagHeaderValue($"\"{output.Md5Hex}\""),
            enableRangeProcessing: true);
    }

    /// <summary>
    /// Streams the request body into <paramref name="temporary"/>. A body that ends before its Content-Length (the
    /// client cancelled and closed its side, so Kestrel reports an unexpected end rather than an abort) or whose
    /// client went away leaves no file behind and comes back as the refusal to answer instead of a success.
    /// </summary>
    internal static async Task<(byte[] Digest, long Length, IResult? Refusal)> ReceiveBodyAsync(HttpContext context, string temporary, string resource)
    {
        try
        {
            var (digest, length) = await CopyToFileAsync(context.Request.Body, temporary, context.RequestAborted);
            if (context.Request.ContentLength is long declared && declared != length)
            {
                TryDelete(temporary);
                return (digest, length, S3Error.IncompleteBody(
                    $"You did not provide the number of bytes specified by the Content-Length HTTP header: {length} of {declared} arrived.").ToResult(resource));
            }
            return (digest, length, null);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            TryDelete(temporary); // the client went away mid-upload: nothing is stored, nothing to answer
            return ([], 0, Results.Empty);
        }
        catch (BadHttpRequestException ex)
        {
            TryDelete(temporary);
            var error = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? S3Error.EntityTooLarge($"Your proposed upload exceeds the maximum allowed size of {MaxObjectBytes} bytes.")
                : S3Error.IncompleteBody("You did not provide the number of bytes specified by the Content-Length HTTP header: the connection ended first.");
            return ([], 0, error.ToResult(resource));
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    internal static async Task<(byte[] Digest, long Length)> CopyToFileAsync(Stream body, string path, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        long length = 0;
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, FileOptions.Asynchronous);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                md5.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return (md5.GetHashAndReset(), length);
    }

    internal static byte[]? DecodeMd5(string base64)
    {
        Span<byte> bytes = stackalloc byte[18];
        return Convert.TryFromBase64String(base64.Trim(), bytes, out int written) && written == 16 ? bytes[..16].ToArray() : null;
    }

    private static string ContentTypeOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".xmp" => "application/rdf+xml",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".dng" => "image/x-adobe-dng",
        ".tif" or ".tiff" => "image/tiff",
        _ => "application/octet-stream",
    };

    internal static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
