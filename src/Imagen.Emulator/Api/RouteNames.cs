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
    public const string ExportUploadLink = "export.upload-link";
    public const string StoragePut = "storage.put";
    public const string StorageGet = "storage.get";
    public const string StoragePart = "storage.part";

    // Smart Editing (§3.10)
    public const string SmartCreate = "i2i.create";
    public const string SmartList = "i2i.list";
    public const string SmartValidName = "i2i.valid-name";
    public const string SmartGet = "i2i.get";
    public const string SmartUploadLinks = "i2i.upload-links";
    public const string SmartUploadLink = "i2i.upload-link";
    public const string MultipartCreate = "i2i.multipart.create";
    public const string MultipartComplete = "i2i.multipart.complete";
    public const string MultipartAbort = "i2i.multipart.abort";
    public const string SmartEdit = "i2i.edit";
    public const string SmartLinks = "i2i.links";
    public const string SmartLink = "i2i.link";

    // Copilot, enhancement and finalize (§3.11)
    public const string Copilot = "copilot";
    public const string CopilotReset = "copilot.reset";
    public const string Enhance = "enhance";
    public const string AiTools = "ai-tools";
    public const string Finalize = "finalize";

    public static readonly IReadOnlyList<string> All =
    [
        Profiles, ProjectsCreate, ProjectsList, ProjectsGet, ProjectsUuid, UploadLinks, Edit, EditStatus, EditLinks,
        Export, ExportStatus, ExportLinks, ExportLink, ExportUploadLink, SkyTemplates, StoragePut, StorageGet, StoragePart,
        SmartCreate, SmartList, SmartValidName, SmartGet, SmartUploadLinks, SmartUploadLink, MultipartCreate,
        MultipartComplete, MultipartAbort, SmartEdit, SmartLinks, SmartLink, Copilot, CopilotReset, Enhance, AiTools, Finalize,
    ];
}

/// <summary>Endpoint metadata carrying the route's name (see <see cref="RouteNames"/>).</summary>
public sealed record RouteTag(string Name);
