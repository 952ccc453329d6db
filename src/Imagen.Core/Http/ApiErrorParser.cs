using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Imagen.Core
{
    /// <summary>
    /// Extracts the server's message from an error body, whatever the dialect (imagen-api.md §2.2): error.message,
    /// then error as a string, then detail (a string or FastAPI's list of validation items), then a bare message,
    /// then the raw text, then the reason phrase.
    /// </summary>
    internal static class ApiErrorParser
    {
        private const int MaxRawLength = 500;

        public static string Extract(string? body, string? reasonPhrase, int statusCode)
        {
            var fallback = string.IsNullOrWhiteSpace(reasonPhrase) ? "HTTP " + statusCode : reasonPhrase!;
            if (string.IsNullOrWhiteSpace(body))
            {
                return fallback;
            }

            var text = body!.Trim();
            try
            {
                using (var document = JsonDocument.Parse(text))
                {
                    var fromJson = FromJson(ApiEnvelope.Unwrap(document.RootElement));
                    if (!string.IsNullOrWhiteSpace(fromJson))
                    {
                        return fromJson!;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: an HTML error page or S3's XML; fall through to the raw text.
            }

            var s3Message = FromS3Xml(text);
            if (s3Message != null)
            {
                return s3Message;
            }

            return text.Length > MaxRawLength ? text.Substring(0, MaxRawLength) + "..." : text;
        }

        private static string? FromJson(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.String)
            {
                return root.GetString();
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }

                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }
            }

            if (root.TryGetProperty("detail", out var detail))
            {
                if (detail.ValueKind == JsonValueKind.String)
                {
                    return detail.GetString();
                }

                if (detail.ValueKind == JsonValueKind.Array)
                {
                    return FromValidationItems(detail);
                }
            }

            if (root.TryGetProperty("message", out var bare) && bare.ValueKind == JsonValueKind.String)
            {
                return bare.GetString();
            }

            return null;
        }

        /// <summary>FastAPI: [{"loc":["body","crop_aspect_ratio"],"msg":"...","type":"..."}] becomes "body.crop_aspect_ratio: ...".</summary>
        private static string FromValidationItems(JsonElement items)
        {
            var parts = new List<string>();
            foreach (var item in items.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    parts.Add(item.GetString() ?? string.Empty);
                    continue;
                }

                if (item.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var message = ApiEnvelope.GetString(item, "msg") ?? ApiEnvelope.GetString(item, "message") ?? item.GetRawText();
                if (item.TryGetProperty("loc", out var loc) && loc.ValueKind == JsonValueKind.Array)
                {
                    var path = new List<string>();
                    foreach (var segment in loc.EnumerateArray())
                    {
                        path.Add(segment.ValueKind == JsonValueKind.String ? segment.GetString() ?? string.Empty : segment.GetRawText());
                    }

                    message = string.Join(".", path) + ": " + message;
                }

                parts.Add(message);
            }

            return string.Join("; ", parts);
        }

        /// <summary>S3 errors: &lt;Error&gt;&lt;Code&gt;AccessDenied&lt;/Code&gt;&lt;Message&gt;Request has expired&lt;/Message&gt;...</summary>
        private static string? FromS3Xml(string text)
        {
            if (!text.StartsWith("<", StringComparison.Ordinal))
            {
                return null;
            }

            var code = Between(text, "<Code>", "</Code>");
            var message = Between(text, "<Message>", "</Message>");
            if (code == null && message == null)
            {
                return null;
            }

            return code != null && message != null ? code + ": " + message : code ?? message;
        }

        internal static string? S3ErrorCode(string? text) => text == null ? null : Between(text, "<Code>", "</Code>");

        private static string? Between(string text, string start, string end)
        {
            var from = text.IndexOf(start, StringComparison.Ordinal);
            if (from < 0)
            {
                return null;
            }

            from += start.Length;
            var to = text.IndexOf(end, from, StringComparison.Ordinal);
            return to < 0 ? null : text.Substring(from, to - from).Trim();
        }
    }
}
