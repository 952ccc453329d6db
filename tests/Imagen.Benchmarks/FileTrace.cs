using System.Text.RegularExpressions;

namespace Imagen.Benchmarks;

/// <summary>
/// The files a process opened and looked at, phase by phase, from an strace log of its openat and stat calls
/// (`strace -f -s 4096 -e trace=openat,stat,lstat,newfstatat,statx`): the kernel's own account, which no caching layer
/// in the process can hide. A phase starts at the failed open of markers/NAME (see <see cref="ScanChild"/>).
/// </summary>
internal sealed class FileTrace
{
    private static readonly Regex Call = new(@"^\d+\s+(\w+)\((?:AT_FDCWD|\d+)?,?\s*""((?:[^""\\]|\\.)*)""(.*)$", RegexOptions.Compiled);

    private readonly Dictionary<string, Dictionary<string, int>> _phases = new();
    private readonly Dictionary<string, Dictionary<string, int>> _others = new();

    public IReadOnlyDictionary<string, int> Phase(string name) => _phases.TryGetValue(name, out var counts) ? counts : new Dictionary<string, int>();

    /// <summary>Where the phase's other opens went, by folder (e.g. the runtime's assemblies loaded on first use).</summary>
    public IReadOnlyDictionary<string, int> OtherFolders(string name) => _others.TryGetValue(name, out var counts) ? counts : new Dictionary<string, int>();

    /// <summary>
    /// Reads the log; each call is counted in its phase under a category: what it touched (a shoot folder's listing,
    /// a photo, a result, a record of the run store, a shoot lock, anything else) and how (opened or stat'ed).
    /// </summary>
    public static FileTrace Read(string log, string markers, string root, string store, string locks)
    {
        var trace = new FileTrace();
        var phase = "start";
        foreach (var line in File.ReadLines(log))
        {
            var match = Call.Match(line);
            if (!match.Success)
            {
                continue;
            }

            var (call, path, rest) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
            if (path.StartsWith(markers + "/", StringComparison.Ordinal))
            {
                phase = Path.GetFileName(path);
                continue;
            }

            var how = call.StartsWith("open", StringComparison.Ordinal) ? "opened" : "stat";
            var what = Category(path, rest, root, store, locks);
            if (!trace._phases.TryGetValue(phase, out var counts))
            {
                trace._phases[phase] = counts = new Dictionary<string, int>();
            }

            var key = $"{what} {how}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
            if (what == "other" && how == "opened")
            {
                if (!trace._others.TryGetValue(phase, out var folders))
                {
                    trace._others[phase] = folders = new Dictionary<string, int>();
                }

                var folder = Path.GetDirectoryName(path) ?? path;
                folders[folder] = folders.GetValueOrDefault(folder) + 1;
            }
        }

        return trace;
    }

    private static string Category(string path, string rest, string root, string store, string locks)
    {
        if (!path.StartsWith('/'))
        {
            // Relative to a directory's descriptor: .NET stats a listing's entries this way (fstatat(dirfd, name)).
            return path.EndsWith(".NEF", StringComparison.OrdinalIgnoreCase) ? "photo"
                : path.EndsWith(".xmp", StringComparison.OrdinalIgnoreCase) ? "result"
                : "other";
        }

        if (path.StartsWith(root + "/", StringComparison.Ordinal) || path == root)
        {
            return rest.Contains("O_DIRECTORY", StringComparison.Ordinal) || !Path.HasExtension(path) ? "folder"
                : path.EndsWith(".NEF", StringComparison.OrdinalIgnoreCase) ? "photo"
                : path.EndsWith(".xmp", StringComparison.OrdinalIgnoreCase) ? "result"
                : "root-other";
        }

        if (path.StartsWith(store + "/", StringComparison.Ordinal) || path == store)
        {
            return "record";
        }

        return path.StartsWith(locks, StringComparison.Ordinal) ? "lock" : "other";
    }
}
