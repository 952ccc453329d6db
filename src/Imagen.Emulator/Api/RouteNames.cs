namespace Imagen.Emulator.Api;

/// <summary>
/// Stable names of the emulator's routes. Fault rules and the journal use them, so a test can say
/// "503 on edit.status twice" without spelling out a path.
/// </summary>
public static class RouteNames
{
    public const string Profiles = "profiles";
    public const string ProjectsCreate = "projects.create";
    public const string ProjectsList = "projects.list";
    public const string ProjectsGet = "projects.get";
    public const string ProjectsUuid = "projects.uuid";
    public const string UploadLinks = "upload-links";
    public const string Edit = "edit";
    public const string EditStatus = "edit.status";
    public const string EditLinks = "edit.links";
    public const string Export = "export";
    public const string ExportStatus = "export.status";
    public const string ExportLinks = "export.links";
    public const string ExportLink = "export.link";
    public const string SkyTemplates = "sky-templates";
    public const string StoragePut = "storage.put";
    public const string StorageGet = "storage.get";

    public static readonly IReadOnlyList<string> All =
    [
        Profiles, ProjectsCreate, ProjectsList, ProjectsGet, ProjectsUuid, UploadLinks, Edit, EditStatus, EditLinks,
        Export, ExportStatus, ExportLinks, ExportLink, SkyTemplates, StoragePut, StorageGet,
    ];
}

/// <summary>Endpoint metadata carrying the route's name (see <see cref="RouteNames"/>).</summary>
public sealed record RouteTag(string Name);
