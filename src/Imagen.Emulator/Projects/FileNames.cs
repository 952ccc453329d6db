namespace Imagen.Emulator.Projects;

/// <summary>The service's file rules (§7): which names are RAW or JPEG, and which are acceptable object names.</summary>
public static class FileNames
{
    public static readonly IReadOnlySet<string> RawExtensions = new HashSet<string>(
        [".dng", ".nef", ".cr2", ".arw", ".nrw", ".crw", ".srf", ".sr2", ".orf", ".raw", ".rw2", ".raf", ".ptx", ".pef", ".rwl", ".srw", ".cr3", ".3fr", ".fff"],
        StringComparer.OrdinalIgnoreCase);

    public static readonly IReadOnlySet<string> JpegExtensions = new HashSet<string>([".jpg", ".jpeg"], StringComparer.OrdinalIgnoreCase);

    public enum Kind { Raw, Jpeg, Unsupported }

    public static Kind Classify(string fileName)
    {
        string extension = Path.GetExtension(fileName);
        return RawExtensions.Contains(extension) ? Kind.Raw : JpegExtensions.Contains(extension) ? Kind.Jpeg : Kind.Unsupported;
    }

    /// <summary>Why <paramref name="fileName"/> cannot be a file's name in a project, or null when it can.</summary>
    public static string? Problem(string fileName)
    {
        if (fileName.Length == 0) return "it is empty";
        if (fileName.Length > 255) return "it is longer than 255 characters";
        if (fileName is "." or "..") return "it is not a file name";
        if (fileName.IndexOfAny(['/', '\\']) >= 0) return "it contains a folder; send the base name only";
        if (fileName.Any(char.IsControl)) return "it contains control characters";
        return null;
    }

    /// <summary>The seed's list style: <c>['a.jpg', 'b.jpeg']</c>.</summary>
    public static string PythonList(IEnumerable<string> names) => "[" + string.Join(", ", names.Select(n => $"'{n}'")) + "]";
}
