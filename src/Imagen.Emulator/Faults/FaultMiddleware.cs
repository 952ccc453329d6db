using System.Globalization;
using Imagen.Emulator.Api;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Faults;

/// <summary>
/// Applies injected faults to the matched route: added latency, then at most one of 429 (with Retry-After), 500,
/// 503 (with Retry-After) or a dropped connection. An upload (storage.put) is dropped half-way through its request
/// body and nothing is stored; any other route runs in full and loses its response half-way through, so a client
/// cannot tell whether the request took effect (the ambiguous failure of §3.4). A stall is a drop that first hangs
/// silently at the half-way point until the client gives up (or the rule's StallSeconds pass).
/// </summary>
public sealed class FaultMiddleware(RequestDelegate next, FaultInjector faults, ApiResponder responder)
{
    private static readonly string[] Interrupting = ["429", "500", "503", "drop", "stall"];
    private const string DroppedItem = "Imagen.Emulator.Dropped";

    /// <summary>Cuts the connection and remembers it, so the journal can record "no response" (status 0).</summary>
    public static void MarkDropped(HttpContext context)
    {
        context.Items[DroppedItem] = true;
        context.Abort();
    }

    public static bool WasDropped(HttpContext context) => context.Items.ContainsKey(DroppedItem);

    public async Task InvokeAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<RouteTag>();
        if (route is null)
        {
            await next(context);
            return;
        }

        if (faults.Next(route.Name, "latency") is { } latency)
            await Task.Delay(latency.LatencyMilliseconds, context.RequestAborted);

        var fault = faults.Next(route.Name, Interrupting);
        switch (fault?.Kind)
        {
            case null:
                await next(context);
                return;
            case "drop" or "stall" when route.Name == RouteNames.StoragePut:
                await DropDuringUploadAsync(context, StallOf(fault));
                return;
            case "drop" or "stall":
                await DropDuringResponseAsync(context, StallOf(fault));
                return;
            default:
                await RefuseAsync(context, route.Name, fault);
                return;
        }
    }

    private async Task RefuseAsync(HttpContext context, string routeName, FaultRule fault)
    {
        int status = int.Parse(fault.Kind, CultureInfo.InvariantCulture);
        if (status is 429 or 503)
            context.Response.Headers.RetryAfter = fault.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        string message = status switch
        {
            429 => $"Too many requests: retry after {fault.RetryAfterSeconds} s.",
            503 => "Service temporarily unavailable.",
            _ => "Internal Server Error",
        };
        if (routeName.StartsWith("storage.", StringComparison.Ordinal))
        {
            string code = status switch { 429 => "SlowDown", 503 => "ServiceUnavailable", _ => "InternalError" };
            await new S3Error(status, code, message).ToResult(context.Request.Path).ExecuteAsync(context);
        }
        else
        {
            await responder.WriteErrorAsync(context, status, message);
        }
    }

    private static TimeSpan StallOf(FaultRule fault) => fault.Kind == "stall" ? TimeSpan.FromSeconds(fault.StallSeconds) : TimeSpan.Zero;

    /// <summary>Holds a half-done transfer open until the client leaves, the server stops, or <paramref name="stall"/> passes.</summary>
    internal static async Task StallAsync(HttpContext context, TimeSpan stall)
    {
        if (stall <= TimeSpan.Zero) return;
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        try
        {
            await Task.Delay(stall, ends.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (the point of the fault) or the emulator is shutting down.
        }
    }

    private static async Task DropDuringUploadAsync(HttpContext context, TimeSpan stall)
    {
        long half = Math.Max(1, (context.Request.ContentLength ?? 2) / 2);
        var buffer = new byte[64 * 1024];
        long read = 0;
        int n;
        while (read < half && (n = await context.Request.Body.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, half - read)), context.RequestAborted)) > 0)
            read += n;
        await StallAsync(context, stall);
        MarkDropped(context);
    }

    private async Task DropDuringResponseAsync(HttpContext context, TimeSpan stall)
    {
        var original = context.Response.Body;
        var dropping = new DroppingResponseStream(original, context, stall);
        context.Response.Body = dropping;
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (dropping.Dropped)
        {
            return;
        }
        finally
        {
            context.Response.Body = original;
        }
        if (!dropping.Dropped) dropping.Drop(); // no body was written: drop before the response goes out
    }
}
