namespace Imagen.Emulator.Projects;

/// <summary>
/// An open multipart upload of one file (§4.4): the parts received so far, each stored on disk by part number until
/// <c>complete</c> assembles them in order or <c>abort</c> discards them. Guarded by the owning project's gate.
/// </summary>
public sealed class MultipartUpload
{
    public required string UploadId { get; init; }

    /// <summary>The storage key the client must quote to abort (S3's object key).</summary>
    public required string Key { get; init; }

    public required string FileName { get; init; }
    public required string FileId { get; init; }
    public required int PartCount { get; init; }

    /// <summary>Where the parts are kept until the upload completes or is aborted.</summary>
    public required string Directory { get; init; }

    /// <summary>Received parts by 1-based number: the latest PUT of a part wins, as in S3.</summary>
    public SortedDictionary<int, UploadedPart> Parts { get; } = [];
}

/// <summary>One received part: where its bytes are, how many, and their MD5 (the part's ETag).</summary>
public sealed record UploadedPart(int PartNumber, string Path, long Length, string Md5Hex);
