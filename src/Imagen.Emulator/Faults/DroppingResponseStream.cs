namespace Imagen.Emulator.Faults;

/// <summary>
/// Passes the first half of a response body through, then cuts the connection: the client sees headers and part
/// of the body, then a reset — a connection "dropped mid-body". With a <paramref name="stall"/>, the half-sent
/// response first hangs silently for that long (or until the client leaves), as a transfer stuck mid-body.
/// </summary>
internal sealed class DroppingResponseStream(Stream inner, HttpContext context, TimeSpan stall = default) : Stream
{
    private long? _budget;

    public bool Dropped { get; private set; }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Dropped) throw new OperationCanceledException("The connection was dropped by an injected fault.");
        _budget ??= Math.Max(1, (context.Response.ContentLength ?? buffer.Length) / 2);
        int allowed = (int)Math.Min(buffer.Length, _budget.Value);
        if (allowed > 0)
        {
            await inner.WriteAsync(buffer[..allowed], cancellationToken);
            _budget -= allowed;
        }
        if (_budget <= 0)
        {
            await inner.FlushAsync(cancellationToken);
            // Give the transport a moment to put the partial body on the wire: an abort discards unsent output.
            await Task.Delay(100, CancellationToken.None);
            await FaultMiddleware.StallAsync(context, stall);
            Drop();
            throw new OperationCanceledException("The connection was dropped by an injected fault.");
        }
    }

    public void Drop()
    {
        Dropped = true;
        FaultMiddleware.MarkDropped(context);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    public override Task FlushAsync(CancellationToken cancellationToken) => Dropped ? Task.CompletedTask : inner.FlushAsync(cancellationToken);
    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
