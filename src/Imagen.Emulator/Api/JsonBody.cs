using System.Text.Json;

namespace Imagen.Emulator.Api;

/// <summary>
/// Reads a request body as JSON whatever its Content-Type says (§2.5: clients send empty, missing or JSON types).
/// An empty body reads as "no body".
/// </summary>
public static class JsonBody
{
    private const int MaxBytes = 4 * 1024 * 1024;

    public sealed record Result(JsonElement? Root, ValidationIssue? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
                return new Result(null, new ValidationIssue(["body"], $"Request body is larger than {MaxBytes / (1024 * 1024)} MB.", "value_error"));
        }
        var bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (bytes.Span.Trim(" \r\n\t"u8).IsEmpty)
            return new Result(null, null);
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return new Result(document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return new Result(null, new ValidationIssue(["body", (ex.BytePositionInLine ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)],
                "JSON decode error", "json_invalid"));
        }
    }
}
