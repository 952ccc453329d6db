using System;
using System.IO;
using System.Threading;

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

        /// <summary>
        /// How long a rename refused because another process has the target open is tried again. On Windows a file
        /// open without delete sharing cannot be replaced: another session reading the run record, a virus scanner or
        /// a backup agent looking at the new file holds it for moments. (Elsewhere a rename never waits for readers.)
        /// </summary>
        internal static readonly TimeSpan ReplaceRetryWindow = TimeSpan.FromSeconds(3);

        /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>. <paramref name="beforeRename"/> lets tests stop between the two steps.</summary>
        public static void Write(string path, byte[] bytes, Action<string>? beforeRename = null) => Write(path, bytes, beforeRename, Replace);

        /// <summary>As <see cref="Write(string, byte[], Action{string})"/>, renaming with <paramref name="replace"/> (tests stand in for Windows with it).</summary>
        internal static void Write(string path, byte[] bytes, Action<string>? beforeRename, Action<string, string> replace)
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
                ReplaceWhenFree(temp, path, replace);
            }
            catch
            {
                TryDelete(temp);
                throw;
            }
        }

        /// <summary>Renames, trying again with growing pauses while another process holds the target (see <see cref="ReplaceRetryWindow"/>).</summary>
        private static void ReplaceWhenFree(string temp, string path, Action<string, string> replace)
        {
            var deadline = DateTime.UtcNow + ReplaceRetryWindow;
            var pause = TimeSpan.FromMilliseconds(10);
            while (true)
            {
                try
                {
                    replace(temp, path);
                    return;
                }
                catch (Exception ex) when (IsHeldByAnotherProcess(ex) && DateTime.UtcNow + pause < deadline)
                {
                    Thread.Sleep(pause);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromMilliseconds(250).Ticks));
                }
            }
        }

        /// <summary>
        /// What Windows answers when the target is open elsewhere: a sharing or lock violation, "unable to remove the
        /// replaced file" (File.Replace), or access denied (MoveFileEx on a file open without delete sharing).
        /// </summary>
        internal static bool IsHeldByAnotherProcess(Exception error)
        {
            if (error is UnauthorizedAccessException)
            {
                return true;
            }

            if (!(error is IOException) || error is FileNotFoundException || error is DirectoryNotFoundException || error is PathTooLongException)
            {
                return false;
            }

            switch (error.HResult & 0xFFFF)
            {
                case 32: // ERROR_SHARING_VIOLATION
                case 33: // ERROR_LOCK_VIOLATION
                case 1175: // ERROR_UNABLE_TO_REMOVE_REPLACED
                case 1176: // ERROR_UNABLE_TO_MOVE_REPLACEMENT
                case 1177: // ERROR_UNABLE_TO_MOVE_REPLACEMENT_2
                    return true;
                default:
                    return false;
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
