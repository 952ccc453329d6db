using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Puts every storage request and response body of a client through one <see cref="BandwidthLimiter"/>, so the
    /// cap holds for all its concurrent uploads and downloads together, whatever code sends them.
    /// </summary>
    internal sealed class BandwidthLimitingHandler : DelegatingHandler
    {
        private readonly BandwidthLimiter _limiter;

        public BandwidthLimitingHandler(BandwidthLimiter limiter, HttpMessageHandler inner)
            : base(inner)
        {
            _limiter = limiter;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content != null && !(request.Content is LimitedContent))
            {
                request.Content = new LimitedContent(request.Content, _limiter);
            }

            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Content != null)
            {
                response.Content = new LimitedContent(response.Content, _limiter);
            }

            return response;
        }

        /// <summary>Another content's bytes and headers, paced by the limiter in both directions.</summary>
        private sealed class LimitedContent : HttpContent
        {
            private readonly HttpContent _inner;
            private readonly BandwidthLimiter _limiter;

            public LimitedContent(HttpContent inner, BandwidthLimiter limiter)
            {
                _inner = inner;
                _limiter = limiter;
                foreach (var header in inner.Headers.Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)))
                {
                    Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
                _inner.CopyToAsync(new LimitedStream(stream, _limiter), context);

#if NET5_0_OR_GREATER
            protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
                _inner.CopyToAsync(new LimitedStream(stream, _limiter), context, cancellationToken);
#endif

            protected override async Task<Stream> CreateContentReadStreamAsync() =>
                new LimitedStream(await _inner.ReadAsStreamAsync().ConfigureAwait(false), _limiter);

            protected override bool TryComputeLength(out long length)
            {
                var inner = _inner.Headers.ContentLength;
                length = inner ?? 0;
                return inner.HasValue;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }

        /// <summary>Pays before each slice it writes and after each slice it reads.</summary>
        private sealed class LimitedStream : Stream
        {
            private readonly Stream _inner;
            private readonly BandwidthLimiter _limiter;

            public LimitedStream(Stream inner, BandwidthLimiter limiter)
            {
                _inner = inner;
                _limiter = limiter;
            }

            public override bool CanRead => _inner.CanRead;

            public override bool CanSeek => false;

            public override bool CanWrite => _inner.CanWrite;

            public override long Length => throw new NotSupportedException();

            public override long Position
            {
                get => throw new NotSupportedException();
                set => throw new NotSupportedException();
            }

            public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                while (count > 0)
                {
                    var slice = Math.Min(count, _limiter.SliceBytes);
                    await _limiter.ConsumeAsync(slice, cancellationToken).ConfigureAwait(false);
                    await _inner.WriteAsync(buffer, offset, slice, cancellationToken).ConfigureAwait(false);
                    offset += slice;
                    count -= slice;
                }
            }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                var read = await _inner.ReadAsync(buffer, offset, Math.Min(count, _limiter.SliceBytes), cancellationToken).ConfigureAwait(false);
                await _limiter.ConsumeAsync(read, cancellationToken).ConfigureAwait(false);
                return read;
            }

#if NET5_0_OR_GREATER
            public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
            {
                while (buffer.Length > 0)
                {
                    var slice = Math.Min(buffer.Length, _limiter.SliceBytes);
                    await _limiter.ConsumeAsync(slice, cancellationToken).ConfigureAwait(false);
                    await _inner.WriteAsync(buffer.Slice(0, slice), cancellationToken).ConfigureAwait(false);
                    buffer = buffer.Slice(slice);
                }
            }

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                var read = await _inner.ReadAsync(buffer.Slice(0, Math.Min(buffer.Length, _limiter.SliceBytes)), cancellationToken).ConfigureAwait(false);
                await _limiter.ConsumeAsync(read, cancellationToken).ConfigureAwait(false);
                return read;
            }
#endif

            public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

            public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

            public override void Flush() => _inner.Flush();

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }
    }
}
