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
    /// Beside it, an owner file names the holder for the message the waiting run gives. The folder is shared by every
    /// account of the machine (world-writable with the sticky bit on Linux and macOS, as /tmp is), so the lock files
    /// are made readable and writable by all, and a file another account owns is opened for reading: the lock only
    /// needs the handle.
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
            CreateSharedFolder(locksFolder);
            var lockPath = Path.Combine(locksFolder, shootKey + ".lock");
            var ownerPath = Path.Combine(locksFolder, shootKey + ".owner");
            var deadline = DateTime.UtcNow + wait;
            var waited = false;
            while (true)
            {
                var stream = TryOpen(lockPath);
                if (stream != null)
                {
                    var held = new ImagenRunLock(stream, ownerPath) { Waited = waited };
                    held.Describe(owner);
                    return held;
                }

                if (DateTime.UtcNow >= deadline)
                {
                    throw new ImagenException(
                        $"Another run is working on the same photos: {ReadOwner(ownerPath)}. Wait until it ends (Get-ImagenRun shows it), then run the command again; it continues where that run stops.",
                        ImagenErrorIds.RunInProgress);
                }

                waited = true;
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>True when another run held the lock first: what it did must be read again (records, the service).</summary>
        public bool Waited { get; private set; }

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
                var created = !File.Exists(lockPath);
                var stream = new FileStream(lockPath, FileMode.OpenOrCreate, created || CanWrite(lockPath) ? FileAccess.ReadWrite : FileAccess.Read, FileShare.None);
                if (created)
                {
                    ShareWithEveryone(lockPath);
                }

                return stream;
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

        /// <summary>Creates the lock folder so every account can make its locks there (mode 1777 on Linux and macOS).</summary>
        private static void CreateSharedFolder(string folder)
        {
            if (Directory.Exists(folder))
            {
                return;
            }

            Directory.CreateDirectory(folder);
#if !NETFRAMEWORK
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    File.SetUnixFileMode(folder, (UnixFileMode)0x3FF /* rwxrwxrwx */ | UnixFileMode.StickyBit);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    // Made by another account a moment ago: its mode is that account's to set.
                }
            }
#endif
        }

        /// <summary>Lets every account open a lock file this account created (rw-rw-rw- on Linux and macOS).</summary>
        private static void ShareWithEveryone(string path)
        {
#if !NETFRAMEWORK
            if (!OperatingSystem.IsWindows())
            {
                try
                {
                    File.SetUnixFileMode(path, (UnixFileMode)0x1B6 /* rw-rw-rw- */);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                }
            }
#endif
        }

        /// <summary>True when this account may open <paramref name="path"/> for writing (it is not another account's read-only lock file).</summary>
        private static bool CanWrite(string path)
        {
            try
            {
                using (new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    return true;
                }
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
            catch (IOException)
            {
                return true;
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
                ShareWithEveryone(_ownerPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // Only the waiting run's message loses detail (the owner file may be another account's).
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
