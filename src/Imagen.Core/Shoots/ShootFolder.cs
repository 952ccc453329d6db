using System;
using System.ComponentModel;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Imagen.Core
{
    /// <summary>
    /// What makes two paths the same shoot folder: the file system's own identity of the directory (device and inode
    /// on Linux and macOS, volume serial and file index on Windows), which a bind mount, a symbolic link, a mapped
    /// drive and its UNC path, or a rename within the volume all keep. Where the system cannot tell, the full path with
    /// links resolved stands in.
    /// </summary>
    internal static class ShootFolder
    {
        /// <summary>The identity of <paramref name="folder"/>, e.g. "fs-2049-1835012" or "path-/srv/Shoots/Smith".</summary>
        public static string IdentityOf(string folder)
        {
            var full = Path.GetFullPath(folder);
            try
            {
                var identity = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? WindowsIdentity(full) : UnixIdentity(full);
                if (identity != null)
                {
                    return identity;
                }
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException || ex is IOException || ex is UnauthorizedAccessException || ex is Win32Exception)
            {
                // The system call is not there or refused: the path is the next best identity.
            }

            return "path-" + CanonicalPath(full);
        }

        /// <summary>The full path with symbolic links resolved (upper-cased on Windows, whose names ignore case).</summary>
        public static string CanonicalPath(string folder)
        {
            var full = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
#if !NETFRAMEWORK
            try
            {
                if (new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true) is FileSystemInfo target)
                {
                    full = target.FullName;
                }
            }
            catch (IOException)
            {
            }
#endif
            return Path.DirectorySeparatorChar == '\\' ? full.ToUpperInvariant() : full;
        }

        private static string? UnixIdentity(string folder)
        {
            if (IntPtr.Size != 8)
            {
                return null;
            }

            // struct stat: on Linux (x86_64 and arm64) st_dev is a 64-bit field at 0 and st_ino one at 8; on macOS
            // st_dev is 32 bits at 0 and st_ino 64 bits at 8. 256 bytes hold either layout.
            var buffer = new byte[256];
            if (stat(folder, buffer) != 0)
            {
                return null;
            }

            var device = RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? (ulong)BitConverter.ToUInt32(buffer, 0) : BitConverter.ToUInt64(buffer, 0);
            var inode = BitConverter.ToUInt64(buffer, 8);
            return inode == 0 ? null : string.Format(CultureInfo.InvariantCulture, "fs-{0}-{1}", device, inode);
        }

        private static string? WindowsIdentity(string folder)
        {
            const uint FileReadAttributes = 0x80;
            const uint ShareAll = 0x7;
            const uint OpenExisting = 3;
            const uint BackupSemantics = 0x02000000;
            using (var handle = CreateFileW(folder, FileReadAttributes, ShareAll, IntPtr.Zero, OpenExisting, BackupSemantics, IntPtr.Zero))
            {
                if (handle.IsInvalid || !GetFileInformationByHandle(handle, out var info))
                {
                    return null;
                }

                var index = ((ulong)info.FileIndexHigh << 32) | info.FileIndexLow;
                return string.Format(CultureInfo.InvariantCulture, "fs-{0:x8}-{1:x16}", info.VolumeSerialNumber, index);
            }
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int stat(string path, byte[] buffer);

        [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true)]
        private static extern SafeFileHandle CreateFileW(string name, uint access, uint share, IntPtr security, uint creation, uint flags, IntPtr template);

        [DllImport("kernel32.dll", SetLastError = true)]
        private static extern bool GetFileInformationByHandle(SafeFileHandle handle, out ByHandleFileInformation information);

        [StructLayout(LayoutKind.Sequential)]
        private struct ByHandleFileInformation
        {
            public uint FileAttributes;
            public System.Runtime.InteropServices.ComTypes.FILETIME CreationTime;
            public System.Runtime.InteropServices.ComTypes.FILETIME LastAccessTime;
            public System.Runtime.InteropServices.ComTypes.FILETIME LastWriteTime;
            public uint VolumeSerialNumber;
            public uint FileSizeHigh;
            public uint FileSizeLow;
            public uint NumberOfLinks;
            public uint FileIndexHigh;
            public uint FileIndexLow;
        }
    }
}
