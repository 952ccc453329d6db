using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Storage;

/// <summary>
/// Presigns storage links the way S3 does (§4): the query carries the date, the lifetime and an HMAC over the method,
/// the object key, the time and — when an md5 was declared — the Content-MD5 the PUT must send. Changing any of
/// these, or sending another Content-MD5, breaks the signature.
/// </summary>
public sealed class StorageSigner(EmulatorIdentity identity, SettingsStore settings, TimeProvider clock)
{
    public const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>
    /// An absolute link for <paramref name="method"/> on <c>/s3/{uuid}/{area}/{fileId}/{fileName}</c>.
    /// <paramref name="contentMd5"/> set means the link is signed with that Content-MD5.
    /// </summary>
    public string CreateLink(HttpRequest origin, string method, string projectUuid, string area, string fileId, string fileName, string? contentMd5)
    {
        string date = clock.GetUtcNow().UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
        string expires = ((long)Math.Ceiling(settings.Current.LinkLifetimeSeconds)).ToString(CultureInfo.InvariantCulture);
        string signedHeaders = contentMd5 is null ? "host" : "content-md5;host";
        string key = ObjectKey(projectUuid, area, fileId, fileName);
        string signature = Sign(method, key, date, expires, signedHeaders, contentMd5 ?? "");
        return $"{origin.Scheme}://{origin.Host}/s3/{projectUuid}/{area}/{fileId}/{Uri.EscapeDataString(fileName)}" +
               $"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={date}&X-Amz-Expires={expires}" +
               $"&X-Amz-SignedHeaders={Uri.EscapeDataString(signedHeaders)}&X-Amz-Signature={signature}";
    }

    /// <summary>The PUT link of part <paramref name="partNumber"/> of a multipart upload (§4.4).</summary>
    public string CreatePartLink(HttpRequest origin, string projectUuid, string uploadId, int partNumber, string fileName)
    {
        string date = clock.GetUtcNow().UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
        string expires = ((long)Math.Ceiling(settings.Current.LinkLifetimeSeconds)).ToString(CultureInfo.InvariantCulture);
        string objectId = MultipartPartEndpoint.ObjectId(uploadId, partNumber);
        string signature = Sign("PUT", ObjectKey(projectUuid, StorageArea.Parts, objectId, fileName), date, expires, "host", "");
        return $"{origin.Scheme}://{origin.Host}/s3/{projectUuid}/{StorageArea.Parts}/{objectId}/{Uri.EscapeDataString(fileName)}" +
               $"?partNumber={partNumber.ToString(CultureInfo.InvariantCulture)}&uploadId={uploadId}" +
               $"&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={date}&X-Amz-Expires={expires}&X-Amz-SignedHeaders=host&X-Amz-Signature={signature}";
    }

    /// <summary>Checks a request against its link; returns null when valid, or the S3 error to answer with.</summary>
    public S3Error? Verify(HttpRequest request, string projectUuid, string area, string fileId, string fileName)
    {
        var query = request.Query;
        string? date = query["X-Amz-Date"], expires = query["X-Amz-Expires"], signature = query["X-Amz-Signature"];
        string signedHeaders = query["X-Amz-SignedHeaders"].FirstOrDefault() ?? "host";
        if (string.IsNullOrEmpty(date) || string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature))
            return S3Error.AccessDenied("Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters.");
        if (!DateTime.TryParseExact(date, DateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt) ||
            !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out long lifetime))
            return S3Error.AccessDenied("X-Amz-Date or X-Amz-Expires is malformed.");
        if (clock.GetUtcNow().UtcDateTime > signedAt.AddSeconds(lifetime))
            return S3Error.AccessDenied("Request has expired");

        // Like S3: the Content-MD5 the request carries is what gets checked against the signature.
        string md5 = signedHeaders.Contains("content-md5", StringComparison.Ordinal) ? request.Headers.ContentMD5.ToString() : "";
        string expected = Sign(request.Method == "HEAD" ? "GET" : request.Method, ObjectKey(projectUuid, area, fileId, fileName), date, expires, signedHeaders, md5);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)))
            return S3Error.SignatureDoesNotMatch(signedHeaders.Contains("content-md5", StringComparison.Ordinal)
                ? "The request signature we calculated does not match the signature you provided. This link was signed with a Content-MD5: send the declared md5 in the Content-MD5 header."
                : "The request signature we calculated does not match the signature you provided. Check your key and signing method.");
        return null;
    }

    private static string ObjectKey(string projectUuid, string area, string fileId, string fileName) => $"{projectUuid}/{area}/{fileId}/{fileName}";

    private string Sign(string method, string key, string date, string expires, string signedHeaders, string contentMd5)
    {
        string stringToSign = string.Join('\n', method, key, date, expires, signedHeaders, contentMd5);
        return Convert.ToHexStringLower(HMACSHA256.HashData(identity.SigningKey, Encoding.UTF8.GetBytes(stringToSign)));
    }
}
