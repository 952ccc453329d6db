namespace Imagen.Emulator.Projects;

/// <summary>
/// A file of a project, keyed by its <c>file_name</c>. It exists from the moment an upload link is requested and is
/// "uploaded" once a PUT has completed. Guarded by the owning project's <see cref="Project.Gate"/>.
/// </summary>
public sealed class ProjectFile
{
    public required string FileId { get; init; }
    public required string FileName { get; init; }

    /// <summary>The base64 MD5 declared with the latest upload link, if any.</summary>
    public string? DeclaredMd5 { get; set; }

    public bool Uploaded { get; set; }
    public long Length { get; set; }

    /// <summary>Lower-case hex MD5 of the stored bytes (the S3 ETag without its quotes).</summary>
    public string? Md5Hex { get; set; }

    public DateTimeOffset? UploadedAt { get; set; }

    /// <summary>Where the uploaded bytes live on disk.</summary>
    public required string StoragePath { get; init; }
}
