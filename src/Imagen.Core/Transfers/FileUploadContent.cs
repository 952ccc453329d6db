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
    /// Streams a file from disk to the wire in chunks of up to 1 MiB (a pooled buffer, written straight to the
    /// connection), so memory does not depend on the file's size. Declares its length (storage needs Content-Length,
    /// not chunked encoding) and reports each chunk.
    /// </summary>
    internal sealed class FileUploadContent : HttpContent
    {
        private const int ChunkSize = 1024 * 1024;

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

        /// <summary>
        /// A file that changed under the upload: retrying cannot help (its length and MD5 were declared before), so it is
        /// an error of its own, which the upload unwraps from the HttpRequestException HttpClient puts around it.
        /// </summary>
        private ImagenException Changed(string what) =>
            new ImagenException($"'{_path}' {what}: the file changed during its upload and was not sent. Wait until nothing writes to it any more, then run the same command again.", ImagenErrorIds.FileChanged);

        protected override bool TryComputeLength(out long length)
        {
            length = _length;
            return true;
        }

        private async Task CopyAsync(Stream destination, CancellationToken cancellationToken)
        {
            // A file that fits one buffer (plus the byte that shows it did not grow) is read synchronously: an
            // asynchronous read is a thread-pool round trip that costs more than reading a small photo.
            var whole = _length < ChunkSize;
            var buffer = ArrayPool<byte>.Shared.Rent(whole ? (int)Math.Max(4096, _length + 1) : ChunkSize);
            try
            {
                using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, whole ? FileOptions.SequentialScan : FileOptions.Asynchronous | FileOptions.SequentialScan))
                {
                    long sent = 0;
                    int read;
                    while ((read = whole ? file.Read(buffer, 0, buffer.Length) : await file.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        if (sent + read > _length)
                        {
                            throw Changed($"grew while it was being uploaded (it was {_length} bytes when the upload began)");
                        }

                        await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                        sent += read;
                        _onChunk(read);
                    }

                    if (sent != _length)
                    {
                        throw Changed($"shrank while it was being uploaded ({sent} of its {_length} bytes were there)");
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
