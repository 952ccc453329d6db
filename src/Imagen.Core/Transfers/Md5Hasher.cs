using System;
using System.Buffers;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>Base64 MD5 of a file (the form files_list's md5 and Content-MD5 take), read in chunks.</summary>
    internal static class Md5Hasher
    {
        private const int ChunkSize = 128 * 1024;

        public static async Task<string> ComputeBase64Async(string path, Action<int>? onChunk, CancellationToken cancellationToken)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                using (var md5 = MD5.Create())
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan))
                {
                    int read;
                    while ((read = await file.ReadAsync(buffer, 0, ChunkSize, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        md5.TransformBlock(buffer, 0, read, null, 0);
                        onChunk?.Invoke(read);
                    }

                    md5.TransformFinalBlock(Array.Empty<byte>(), 0, 0);
                    return Convert.ToBase64String(md5.Hash!);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
