namespace Imagen.Benchmarks;

/// <summary>Large input files made quickly: incompressible bytes, written in 1 MiB blocks.</summary>
public static class BenchmarkFiles
{
    public static string Folder() => Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "imagen-bench-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    public static string Write(string folder, string name, long bytes, int seed, byte[]? prefix = null)
    {
        var path = Path.Combine(folder, name);
        var block = new byte[1024 * 1024];
        new Random(seed).NextBytes(block);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1024 * 1024);
        long written = 0;
        if (prefix != null)
        {
            file.Write(prefix);
            written = prefix.Length;
        }

        var round = 0;
        while (written < bytes)
        {
            block[0] = (byte)round++;
            var take = (int)Math.Min(block.Length, bytes - written);
            file.Write(block, 0, take);
            written += take;
        }

        return path;
    }

    /// <summary>Many small files (e.g. 3,000 x 12 KB JPEG-sized), each distinct, from one random block.</summary>
    public static IReadOnlyList<string> WriteMany(string folder, string prefix, int count, int bytes, int seed)
    {
        var block = new byte[bytes];
        new Random(seed).NextBytes(block);
        var paths = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(block.AsSpan(0, 4), i);
            var path = Path.Combine(folder, $"{prefix}_{i:00000}.jpg");
            File.WriteAllBytes(path, block);
            paths.Add(path);
        }

        return paths;
    }

    public static void Delete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static string Rate(long bytes, TimeSpan elapsed) => $"{bytes / 1048576.0 / elapsed.TotalSeconds,8:0.0} MB/s";
}
