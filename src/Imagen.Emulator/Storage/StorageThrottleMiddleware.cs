using Imagen.Emulator.Api;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Storage;

/// <summary>
/// Emulates a studio's line on the storage routes: upload and download bodies move at most
/// <see cref="EmulatorOptions.StorageMbps"/> in total (one <see cref="StorageLine"/> shared by every connection) and
/// <see cref="EmulatorOptions.StorageConnectionMbps"/> per connection. A request that starts under a limit reads the
/// settings in force at each chunk, so PATCH /admin/settings can change the speed mid-transfer.
/// </summary>
public sealed class StorageThrottleMiddleware(RequestDelegate next, SettingsStore settings, StorageLine line)
{
    public async Task InvokeAsync(HttpContext context)
    {
        string? route = context.GetEndpoint()?.Metadata.GetMetadata<RouteTag>()?.Name;
        // Unlimited requests keep the plain streams (and Kestrel's zero-copy file sends).
        var current = settings.Current;
        if (route is not (RouteNames.StoragePut or RouteNames.StorageGet) || Slowest(current) <= 0)
        {
            await next(context);
            return;
        }

        // One request at a time per HTTP/1.1 connection: the request's own line is the connection's.
        var connection = new StorageLine();
        var request = context.Request.Body;
        var response = context.Response.Body;
        context.Request.Body = new PacedStream(request, settings, line, connection);
        context.Response.Body = new PacedStream(response, settings, line, connection);
        try
        {
            await next(context);
        }
        finally
        {
            context.Request.Body = request;
            context.Response.Body = response;
        }
    }

    /// <summary>The tighter of the two limits, or 0 when neither is set.</summary>
    private static double Slowest(EmulatorOptions options) =>
        options.StorageMbps > 0 && options.StorageConnectionMbps > 0
            ? Math.Min(options.StorageMbps, options.StorageConnectionMbps)
            : Math.Max(options.StorageMbps, options.StorageConnectionMbps);

    /// <summary>Pays both lines after each slice read and before each slice written.</summary>
    private sealed class PacedStream(Stream inner, SettingsStore settings, StorageLine total, StorageLine connection) : Stream
    {
        private async Task PayAsync(int bytes, CancellationToken cancellationToken)
        {
            var current = settings.Current;
            await total.PayAsync(bytes, current.StorageMbps, cancellationToken);
            await connection.PayAsync(bytes, current.StorageConnectionMbps, cancellationToken);
        }

        private int Slice(int count)
        {
            double slowest = Slowest(settings.Current);
            return slowest > 0 ? Math.Min(count, StorageLine.SliceFor(slowest)) : count;
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer[..Slice(buffer.Length)], cancellationToken);
            await PayAsync(read, cancellationToken);
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            while (buffer.Length > 0)
            {
                int slice = Slice(buffer.Length);
                await PayAsync(slice, cancellationToken);
                await inner.WriteAsync(buffer[..slice], cancellationToken);
                buffer = buffer[slice..];
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => false;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
