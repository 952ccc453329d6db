using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Imagen.Emulator.Tests;

/// <summary>A real HTTP endpoint on 127.0.0.1 that records the callbacks it receives (§3.9).</summary>
public sealed class CallbackListener : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CallbackListener(WebApplication app) => _app = app;

    public ConcurrentQueue<(string Path, JsonNode? Body, string? ApiKey)> Received { get; } = new();

    /// <summary>How each callback was framed: its Content-Length header (null when sent chunked) and Transfer-Encoding.</summary>
    public ConcurrentQueue<(long? ContentLength, string? TransferEncoding)> Framing { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<CallbackListener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var listener = new CallbackListener(app);
        app.MapPost("/hook/{token}", async (HttpContext context, string token) =>
        {
            listener.Framing.Enqueue((context.Request.ContentLength, context.Request.Headers.TransferEncoding.FirstOrDefault()));
            var body = await JsonNode.ParseAsync(context.Request.Body);
            listener.Received.Enqueue(("/hook/" + token, body, context.Request.Headers["x-api-key"].FirstOrDefault()));
            return Results.Ok();
        });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.Url = new Uri(address.TrimEnd('/') + "/hook/s3cr3t-token");
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
