using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Xunit;

namespace Imagen.Core.Tests.Support;

/// <summary>
/// A hostile server on 127.0.0.1 that answers every request with the status and content type named in its base URL
/// (<c>/{status}/{json|text|html|none}/v1/...</c>) and a body echoing the request's headers: plainly, URL-encoded,
/// base64, as JSON \u escapes, and cut across the points where messages are truncated. Whatever the client shows of
/// such a body must not reveal the API key. Shared by the Core and the PowerShell tests.
/// </summary>
public sealed class HeaderEchoServer : IAsyncDisposable
{
    public static readonly int[] Statuses = [200, 201, 400, 401, 403, 404, 409, 429, 500, 503];

    public static readonly string[] ContentTypes = ["json", "text", "html", "none"];

    private readonly WebApplication _app;

    private HeaderEchoServer(WebApplication app)
    {
        _app = app;
        Root = app.Urls.First();
    }

    public string Root { get; }

    /// <summary>The base URL (ending in /v1) whose every call answers <paramref name="status"/> with <paramref name="contentType"/>.</summary>
    public Uri BaseUrl(int status, string contentType) => new($"{Root}/{status}/{contentType}/v1");

    public static async Task<HeaderEchoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(EchoAsync);
        await app.StartAsync();
        return new HeaderEchoServer(app);
    }

    /// <summary>Every form of <paramref name="key"/> the echo body carries (what must appear nowhere).</summary>
    public static IEnumerable<string> Forms(string key)
    {
        yield return key;
        yield return Uri.EscapeDataString(key);
        yield return Convert.ToBase64String(Encoding.UTF8.GetBytes(key)).TrimEnd('=');
    }

    /// <summary>Fails when <paramref name="text"/> holds the key, an encoded form of it, or 8 of its characters in a row.</summary>
    public static void AssertNoKey(string key, string? text, string where)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        foreach (var form in Forms(key))
        {
            Assert.False(text.Contains(form, StringComparison.OrdinalIgnoreCase), $"{where} shows the key: {text}");
        }

        for (var i = 0; i + 8 <= key.Length; i++)
        {
            Assert.False(text.Contains(key.Substring(i, 8), StringComparison.OrdinalIgnoreCase), $"{where} shows part of the key ({key.Substring(i, 8)}): {text}");
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task EchoAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value!.Trim('/').Split('/');
        var status = int.Parse(segments[0]);
        var type = segments[1];
        var headers = string.Join("; ", context.Request.Headers.Select(h => h.Key + ": " + h.Value));
        var key = context.Request.Headers["x-api-key"].ToString();
        var echo = new StringBuilder()
            .Append("headers: ").Append(headers)
            .Append(" url: ").Append(Uri.EscapeDataString(key))
            .Append(" base64: ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(key)))
            .ToString();

        // The key first straddles the 200- and 500-character cuts of the client's messages, then comes the echo.
        var text = new string('.', 185) + key + new string('.', 255) + key + " " + echo;
        var body = type switch
        {
            "json" => "{\"detail\":\"" + string.Concat(key.Select(c => $"\\u{(int)c:x4}")) + " " + text + "\"}",
            "html" => "<html><body><pre>" + text + "</pre></body></html>",
            _ => text,
        };

        context.Response.StatusCode = status;
        if (status == 429 || status >= 500)
        {
            // Retried at once, so every retry path is walked without waiting.
            context.Response.Headers.RetryAfter = "0";
        }

        if (type != "none")
        {
            context.Response.ContentType = type switch { "json" => "application/json", "html" => "text/html", _ => "text/plain" };
        }

        await context.Response.WriteAsync(body);
    }
}
