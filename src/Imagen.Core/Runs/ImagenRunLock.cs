using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// The lock that keeps two runs off the same shoot: a lock file opened with FileShare.None, which the operating
    /// system releases when the holding process dies (kill -9 included), so a crashed run never blocks the next one.
    /// Beside it, an owner file names the holder for the message the waiting run gives.
    /// </summary>
    public sealed class ImagenRunLock : IDisposable
    {
        private readonly FileStream _stream;
        private readonly string _ownerPath;

        private ImagenRunLock(FileStream stream, string ownerPath)
        {
            _stream = stream;
            _ownerPath = ownerPath;
        }

        /// <summary>
        /// Takes the lock for <paramref name="shootKey"/>, waiting up to <paramref name="wait"/> for another run to
        /// finish; then throws ImagenRunInProgress naming the other run.
        /// </summary>
        internal static async Task<ImagenRunLock> AcquireAsync(string locksFolder, string shootKey, string owner, TimeSpan wait, CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(locksFolder);
            var lockPath = Path.Combine(locksFolder, shootKey + ".lock");
            var ownerPath = Path.Combine(locksFolder, shootKey + ".owner");
            var deadline = DateTime.UtcNow + wait;
            while (true)
            {
                var stream = TryOpen(lockPath);
                if (stream != null)
                {
                    var text = string.Format(CultureInfo.InvariantCulture, "{0} (process {1} on {2}, since {3:u})", owner, CurrentProcessId(), Environment.MachineName, DateTime.UtcNow);
                    AtomicFile.Write(ownerPath, Encoding.UTF8.GetBytes(text));
                    return new ImagenRunLock(stream, ownerPath);
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new ImagenException(
                        $"Another run is working on the same photos: {ReadOwner(ownerPath)}. Wait until it ends (Get-ImagenRun shows it), then run the command again; it continues where that run stops.",
                        ImagenErrorIds.RunInProgress);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>True when some process holds the lock for <paramref name="shootKey"/> now.</summary>
        internal static bool IsHeld(string locksFolder, string shootKey)
        {
            var lockPath = Path.Combine(locksFolder, shootKey + ".lock");
            if (!File.Exists(lockPath))
            {
                return false;
            }

            using (var stream = TryOpen(lockPath))
            {
                return stream == null;
            }
        }

        private static FileStream? TryOpen(string lockPath)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                // Windows reports a file held by another process this way while it is being deleted.
                return null;
            }
        }

        private static string ReadOwner(string ownerPath)
        {
            try
            {
                return File.ReadAllText(ownerPath).Trim();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return "a run whose owner could not be read";
            }
        }

        private static int CurrentProcessId()
        {
            using (var process = Process.GetCurrentProcess())
            {
                return process.Id;
            }
        }

        /// <summary>Rewrites the owner text (once the run knows its record and project) for anyone who has to wait.</summary>
        public void Describe(string owner)
        {
            var text = string.Format(CultureInfo.InvariantCulture, "{0} (process {1} on {2}, since {3:u})", owner, CurrentProcessId(), Environment.MachineName, DateTime.UtcNow);
            try
            {
                AtomicFile.Write(_ownerPath, Encoding.UTF8.GetBytes(text));
            }
            catch (IOException)
            {
                // Only the waiting run's message loses detail.
            }
        }

        /// <summary>Releases the lock (the owner file goes first, so nobody reads a stale one).</summary>
        public void Dispose()
        {
            AtomicFile.TryDelete(_ownerPath);
            _stream.Dispose();
        }
    }
}
