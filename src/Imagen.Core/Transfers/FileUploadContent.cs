using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// Streams a file from disk to the wire in small chunks, so memory does not depend on the file's size. Declares
    /// its length (storage needs Content-Length, not chunked encoding) and reports each chunk.
    /// </summary>
    internal sealed class FileUploadContent : HttpContent
    {
        private const int ChunkSize = 128 * 1024;

        private readonly string _path;
        private readonly long _length;
        private readonly Action<int> _onChunk;
        private readonly CancellationToken _cancellationToken;

        public FileUploadContent(string path, long length, Action<int> onChunk, CancellationToken cancellationToken)
        {
            _path = path;
            _length = length;
            _onChunk = onChunk;
            _cancellationToken = cancellationToken;
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => CopyAsync(stream, _cancellationToken);

#if NET5_0_OR_GREATER
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) => CopyAsync(stream, cancellationToken);
#endif

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

        private async Task CopyAsync(Stream destination, CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
                {
                    long sent = 0;
                    int read;
                    while ((read = await file.ReadAsync(buffer, 0, ChunkSize, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        if (sent + read > _length)
                        {
                            throw new IOException($"'{Path.GetFileName(_path)}' grew while it was being uploaded; upload it again once it is complete.");
                        }

                        await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                        sent += read;
                        _onChunk(read);
                    }

                    if (sent != _length)
                    {
                        throw new IOException($"'{Path.GetFileName(_path)}' shrank while it was being uploaded ({sent} of {_length} bytes).");
                    }
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
