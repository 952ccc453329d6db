using System.Diagnostics;
using Imagen.Emulator.Api;
using Imagen.Emulator.Faults;

namespace Imagen.Emulator.Journal;

/// <summary>
/// Records every API and storage request (admin calls are not recorded). The API key's value is replaced by
/// "***" so the journal can be shown anywhere.
/// </summary>
public sealed class JournalMiddleware(RequestDelegate next, RequestJournal journal, TimeProvider clock)
{
    public const string Redacted = "***";
    private static readonly string[] SecretHeaders = [ApiKeyMiddleware.HeaderName, "Authorization", "Cookie"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments("/admin"))
        {
            await next(context);
            return;
        }

        var started = clock.GetUtcNow();
        long sequence = journal.NextSequence();
        var stopwatch = Stopwatch.StartNew();
        var counting = new CountingStream(context.Request.Body);
        context.Request.Body = counting;
        int? failedStatus = null;
        try
        {
            await next(context);
        }
        catch (Exception ex)
        {
            // The response still says 200 while an exception passes; Kestrel answers 400/413 or 500 after us.
            failedStatus = context.Response.HasStarted ? context.Response.StatusCode
                : ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError;
            throw;
        }
        finally
        {
            var request = context.Request;
            var headers = request.Headers.ToDictionary(
                h => h.Key,
                h => SecretHeaders.Contains(h.Key, StringComparer.OrdinalIgnoreCase) ? Redacted : h.Value.ToString(),
                StringComparer.OrdinalIgnoreCase);
            bool aborted = FaultMiddleware.WasDropped(context) || context.RequestAborted.IsCancellationRequested;
            journal.Add(new JournalEntry(
                sequence,
                started,
                request.Method,
                request.PathBase + request.Path,
                request.QueryString.Value ?? "",
                context.GetEndpoint()?.Metadata.GetMetadata<RouteTag>()?.Name,
                headers,
                counting.BytesRead > 0 ? counting.BytesRead : request.ContentLength ?? 0,
                aborted ? 0 : failedStatus ?? context.Response.StatusCode,
                Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1)));
        }
    }
}
