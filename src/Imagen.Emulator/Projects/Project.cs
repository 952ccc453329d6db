using Imagen.Emulator.Jobs;
using Imagen.Emulator.Profiles;

namespace Imagen.Emulator.Projects;

/// <summary>A regular (profile-based) project: its files, its edit and export, and what it was billed.</summary>
public sealed class Project
{
    private int _nextFileNumber;

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

    /// <summary>Accepted <c>/export</c> requests (including automatic ones).</summary>
    public int Exports { get; set; }

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
        return file;
    }

    public ProjectFile? FindFile(string fileId) => Files.Values.FirstOrDefault(f => f.FileId == fileId);
}
