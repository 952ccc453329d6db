using System.Diagnostics;
using Xunit;

namespace Imagen.Core.Tests.Support;

/// <summary>
/// A real, small tmpfs mounted for one test (Linux, as root; CI runs so), so a full or read-only disk is the kernel's
/// own ENOSPC and EROFS, not a simulation. Unmounted on dispose.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private string? _filler;

    public Tmpfs(string size = "4m")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "imagen-tmpfs-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        Directory.CreateDirectory(Path);
        Run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0777", "tmpfs", Path);
    }

    /// <summary>Why a test that needs a tmpfs cannot run here, or null when it can.</summary>
    public static string? Unavailable =>
        !OperatingSystem.IsLinux() ? "mounting a tmpfs needs Linux" : !Environment.IsPrivilegedProcess ? "mounting a tmpfs needs root" : null;

    public string Path { get; }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    /// <summary>Fills the file system until only <paramref name="roomBytes"/> are left (0: full), with one filler file.</summary>
    public void Fill(long roomBytes = 0)
    {
        _filler ??= System.IO.Path.Combine(Path, "filler.bin");
        var buffer = new byte[4096];
        using var stream = new FileStream(_filler, FileMode.Append, FileAccess.Write);
        try
        {
            while (FreeBytes > roomBytes)
            {
                stream.Write(buffer, 0, (int)Math.Min(buffer.Length, FreeBytes - roomBytes));
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    /// <summary>Deletes the filler: the space is free again.</summary>
    public void Free()
    {
        if (_filler != null)
        {
            File.Delete(_filler);
        }
    }

    public void MakeReadOnly() => Run("mount", "-o", "remount,ro", Path);

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
            Directory.Delete(Path);
        }
        catch (Exception)
        {
            // Best effort: a test's failure must not be hidden by its clean-up.
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}");
        }
    }
}

/// <summary>A fact that needs a real tmpfs: skipped, saying why, where one cannot be mounted (not Linux, not root).</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.Unavailable is { } why)
        {
            Skip = why;
        }
    }
}
