using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Jobs;

/// <summary>
/// Sends the completion callback of §3.9: one plain POST of <c>{"project_uuid","status","action"}</c>, no auth, no
/// retry. A failure is logged and recorded, never raised: the job's outcome does not depend on the listener.
/// </summary>
public sealed class CallbackNotifier(ILogger<CallbackNotifier> logger, TimeProvider clock) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentQueue<CallbackAttempt> _attempts = new();

    public IReadOnlyList<CallbackAttempt> Attempts => _attempts.ToArray();

    public async Task NotifyAsync(string url, string projectUuid, JobKind kind, JobStatus status, CancellationToken cancellationToken)
    {
        string action = kind == JobKind.Edit ? "edit" : "export";
        string statusText = JobStatusText.Format(status, StatusCasings.Title); // the callback always uses the documented casing
        int? statusCode = null;
        string? error = null;
        try
        {
            // A buffered body goes out with a Content-Length: a streamed JsonContent is sent chunked, and a plain HTTP
            // listener that reads Content-Length bytes sees an empty body.
            byte[] payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
            {
                ["project_uuid"] = projectUuid, ["status"] = statusText, ["action"] = action,
            });
            using var content = new ByteArrayContent(payload);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(url, content, cancellationToken);
            statusCode = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = $"the listener answered {statusCode} {response.ReasonPhrase}";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            error = ex is TaskCanceledException ? "timed out after 10 s" : ex.Message;
        }
        _attempts.Enqueue(new CallbackAttempt(clock.GetUtcNow(), url, projectUuid, action, statusText, statusCode, error));
        if (error is not null)
            logger.LogWarning("Callback for project {Project} ({Action} {Status}) to {Host} failed: {Error}",
                projectUuid, action, statusText, new Uri(url).GetLeftPart(UriPartial.Authority), error);
        else
            logger.LogInformation("Callback for project {Project} ({Action} {Status}) delivered: {StatusCode}", projectUuid, action, statusText, statusCode);
    }

    public void Dispose() => _http.Dispose();
}
