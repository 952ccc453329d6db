using System.Security;
using System.Text;

namespace Imagen.Emulator.Storage;

/// <summary>An S3-style XML error (<c>&lt;Error&gt;&lt;Code&gt;…&lt;/Code&gt;&lt;Message&gt;…&lt;/Message&gt;…</c>).</summary>
public sealed record S3Error(int StatusCode, string Code, string Message)
{
    public static S3Error AccessDenied(string message) => new(StatusCodes.Status403Forbidden, "AccessDenied", message);
    public static S3Error SignatureDoesNotMatch(string message) => new(StatusCodes.Status403Forbidden, "SignatureDoesNotMatch", message);
    public static S3Error BadDigest(string message) => new(StatusCodes.Status400BadRequest, "BadDigest", message);
    public static S3Error InvalidDigest(string message) => new(StatusCodes.Status400BadRequest, "InvalidDigest", message);
    public static S3Error InvalidRequest(string message) => new(StatusCodes.Status400BadRequest, "InvalidRequest", message);
    public static S3Error NoSuchKey(string message) => new(StatusCodes.Status404NotFound, "NoSuchKey", message);
    public static S3Error EntityTooLarge(string message) => new(StatusCodes.Status400BadRequest, "EntityTooLarge", message);
    public static S3Error IncompleteBody(string message) => new(StatusCodes.Status400BadRequest, "IncompleteBody", message);

    public IResult ToResult(string resource)
    {
        string requestId = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..16];
        string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" +
                     $"<Error><Code>{Code}</Code><Message>{SecurityElement.Escape(Message)}</Message>" +
                     $"<Resource>{SecurityElement.Escape(resource)}</Resource><RequestId>{requestId}</RequestId></Error>";
        return Results.Text(xml, "application/xml", Encoding.UTF8, StatusCode);
    }
}
