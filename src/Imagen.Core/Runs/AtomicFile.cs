using System;
using System.IO;

namespace Imagen.Core
{
    /// <summary>
    /// Whole-file writes that a kill or a power cut cannot tear: the bytes go to a temporary file beside the target,
    /// are flushed to the disk, and the temporary file is renamed over the target. A reader sees the old file or
    /// the new one, never a mix.
    /// </summary>
    internal static class AtomicFile
    {
        /// <summary>Suffix of the temporary files; a reader ignores them and the next write of the folder removes stale ones.</summary>
        public const string TempSuffix = ".tmp";

        /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>. <paramref name="beforeRename"/> lets tests stop between the two steps.</summary>
        public static void Write(string path, byte[] bytes, Action<string>? beforeRename = null)
        {
            var temp = path + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + TempSuffix;
            try
            {
                using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
                {
                    stream.Write(bytes, 0, bytes.Length);
                    stream.Flush(flushToDisk: true);
                }

                beforeRename?.Invoke(temp);
                Replace(temp, path);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        private static void Replace(string temp, string path)
        {
#if NETFRAMEWORK
            if (File.Exists(path))
            {
                File.Replace(temp, path, null, ignoreMetadataErrors: true);
                return;
            }

            File.Move(temp, path);
#else
            File.Move(temp, path, overwrite: true);
#endif
        }

        public static void TryDelete(string path)
        {
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
