using Imagen.Emulator.Jobs;
using Imagen.Emulator.Profiles;

namespace Imagen.Emulator.Projects;

/// <summary>
/// A project of either family (§3.2 regular, profile-based; §3.10 Smart Editing): its files, its edit and export,
/// its multipart uploads, its Copilot versions, and what it was billed.
/// </summary>
public sealed class Project
{
    private readonly Dictionary<string, ProjectFile> _filesById = new(StringComparer.Ordinal);
    private int _nextFileNumber;

    /// <summary>Regular (profile flow) or Smart Editing (<c>/v1/i2i/projects</c>).</summary>
    public ProjectFamily Family { get; init; } = ProjectFamily.Regular;

    public required string Uuid { get; init; }
    public required string Name { get; init; }
    public required int ProjectId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The folder holding this project's uploads and outputs.</summary>
    public required string Directory { get; init; }

    /// <summary>Every mutable member below is read and written under this lock.</summary>
    public object Gate { get; } = new();

    /// <summary>Files by <c>file_name</c> (case preserved, compared exactly, as S3 keys are), in the order first requested.</summary>
    public Dictionary<string, ProjectFile> Files { get; } = new(StringComparer.Ordinal);

    public Job Edit { get; } = new(JobKind.Edit);
    public Job Export { get; } = new(JobKind.Export);

    /// <summary>The profile and options of the latest accepted <c>/edit</c>.</summary>
    public Profile? Profile { get; set; }
    public EditRequest? EditRequest { get; set; }

    /// <summary>Accepted <c>/edit</c> requests: the chargeable step (§9). Rejected requests never count.</summary>
    public int BillableEdits { get; set; }

    /// <summary>
    /// Every photo an accepted <c>/edit</c> took, in order (a photo edited again after a <c>Failed</c> edit appears
    /// twice): Imagen bills photos, so this is what the account pays for.
    /// </summary>
    public List<string> BilledPhotos { get; } = [];

    /// <summary>Accepted <c>/export</c> requests (including automatic ones).</summary>
    public int Exports { get; set; }

    /// <summary>Open multipart uploads by <c>upload_id</c> (§4.4); removed when completed or aborted.</summary>
    public Dictionary<string, MultipartUpload> MultipartUploads { get; } = new(StringComparer.Ordinal);

    /// <summary>Copilot and enhancement versions per image (§3.11), by the input file's id.</summary>
    public Dictionary<string, List<ImageVersion>> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>The last version id handed out; ids are unique within the project, as the next parent must name one.</summary>
    public int LastVersionId { get; set; }

    /// <summary>Accepted Copilot and enhancement requests (§3.11); whether they are charged is undocumented (§11 item 19).</summary>
    public int Enhancements { get; set; }

    /// <summary>The final (upscaled) images of the latest <c>finalize</c>, served under <c>final</c>.</summary>
    public List<OutputFile> Finalized { get; } = [];

    public int Finalizations { get; set; }

    /// <summary>Replacement exported images uploaded through <c>export/get_upload_link</c>, by file name.</summary>
    public Dictionary<string, ProjectFile> ExportUploads { get; } = new(StringComparer.Ordinal);

    public Job JobOf(JobKind kind) => kind == JobKind.Edit ? Edit : Export;

    public ProjectFile AddFile(string fileName)
    {
        string fileId = "f" + (++_nextFileNumber).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        var file = new ProjectFile
        {
            FileId = fileId,
            FileName = fileName,
            StoragePath = Path.Combine(Directory, "upload", fileId),
        };
        Files.Add(fileName, file);
        _filesById.Add(fileId, file);
        return file;
    }

    /// <summary>By id, as every storage request asks: a scan of the files would cost a shoot of 20,000 photos 20,000 comparisons a PUT.</summary>
    public ProjectFile? FindFile(string fileId) => _filesById.GetValueOrDefault(fileId);
}
