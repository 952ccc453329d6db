using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Threading;

namespace Imagen.Core
{
    /// <summary>Base64 MD5 of a file (the form files_list's md5 and Content-MD5 take), read in large chunks.</summary>
    internal static class Md5Hasher
    {
        /// <summary>Large enough that reading and hashing, not per-call overhead, is the cost; a small file gets a buffer of its size.</summary>
        internal const int ChunkSize = 1024 * 1024;

        /// <summary>
        /// Reads synchronously: hashing is CPU work on a hasher's thread, and an asynchronous file read is a thread-pool
        /// round trip per chunk, which for a small photo costs more than the read itself. Cancellation is checked
        /// between chunks.
        /// </summary>
        public static string ComputeBase64(string path, Action<int>? onChunk, CancellationToken cancellationToken)
        {
            using (var md5 = MD5.Create())
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                // One byte more than the file, so a file that fits is read whole and its end seen in two calls.
                var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkSize, Math.Max(4096, file.Length + 1)));
                try
                {
                    int read;
                    while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        md5.TransformBlock(buffer, 0, read, null, 0);
                        onChunk?.Invoke(read);
                    }

                    md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                    return Convert.ToBase64String(md5.Hash!);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }
    }
}
