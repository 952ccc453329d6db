using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Imagen.Emulator.Api;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Copilot;

/// <summary>
/// Copilot instructions, preset enhancements, the AI-tools catalogue, reset and finalize, per image (§3.11). They
/// serve both families under <c>/v1/projects/{uuid}</c>; <c>project_source</c> ("REGULAR", the default, or "I2I")
/// says which. A regular project must have been exported, a Smart Editing project must be Completed. Results are
/// synchronous: each is a real JPEG rendered from its parent version, with an id the next request can chain from.
/// </summary>
public static class CopilotEndpoints
{
    private const string Image = "/v1/projects/{projectUuid}/images/{fileName}";

    public static void MapCopilotEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapApi("POST", Image + "/copilot", RouteNames.Copilot, CopilotAsync);
        app.MapApi("DELETE", Image + "/copilot", RouteNames.CopilotReset, ResetAsync);
        app.MapApi("POST", Image + "/enhance", RouteNames.Enhance, EnhanceAsync);
        app.MapApi("GET", "/v1/projects/{projectUuid}/ai-tools", RouteNames.AiTools, AiTools);
        app.MapApi("POST", "/v1/projects/{projectUuid}/finalize", RouteNames.Finalize, FinalizeAsync);
    }

    public const string NotExported = "Project has not been exported yet.";
    public const string NotCompleted = "Smart Editing project has not completed yet.";

    private sealed record Target(Project Project, string FileId, OutputFile Base);

    private static async Task<IResult> CopilotAsync(HttpContext context, string projectUuid, string fileName, ProjectStore projects,
        ApiResponder responder, StorageSigner signer, SettingsStore settings)
    {
        var (root, problem) = await ReadObjectAsync(context, responder);
        if (problem is not null) return problem;
        var issues = new List<ValidationIssue>();
        string? instruction = null;
        if (root.TryGetProperty("instruction", out var element) && element.ValueKind == JsonValueKind.String)
        {
            instruction = element.GetString()!;
            if (instruction.Trim().Length == 0)
                issues.Add(new ValidationIssue(["body", "instruction"], "String should have at least 1 character", "string_too_short"));
            else if (instruction.Length > 255)
                issues.Add(new ValidationIssue(["body", "instruction"], "String should have at most 255 characters", "string_too_long"));
        }
        else issues.Add(new ValidationIssue(["body", "instruction"], "Field required", "missing"));
        int? parent = ParentOf(root, issues);
        var family = SourceOf(root.TryGetProperty("project_source", out var source) ? source : null, ["body", "project_source"], issues);
        if (issues.Count > 0) return responder.ValidationError(issues);

        var (target, refused) = Resolve(projects, responder, projectUuid, family!.Value, fileName);
        if (refused is not null) return refused;
        if (settings.Current.RealisticOnly && AiToolCatalog.IsGenerative(instruction!))
            return responder.Error(StatusCodes.Status400BadRequest, AiToolCatalog.RealisticOnlyMessage);
        return CreateVersion(context, target!, parent, "copilot", instruction!,
            AiToolCatalog.Interpret(instruction!, EnhancementRenderer.Neutral), responder, signer);
    }

    private static async Task<IResult> EnhanceAsync(HttpContext context, string projectUuid, string fileName, ProjectStore projects,
        ApiResponder responder, StorageSigner signer, SettingsStore settings)
    {
        var (root, problem) = await ReadObjectAsync(context, responder);
        if (problem is not null) return problem;
        var issues = new List<ValidationIssue>();
        string? toolId = root.TryGetProperty("tool_id", out var element) && element.ValueKind == JsonValueKind.String ? element.GetString() : null;
        if (string.IsNullOrEmpty(toolId)) issues.Add(new ValidationIssue(["body", "tool_id"], "Field required (at least 1 character)", "missing"));
        int? parent = ParentOf(root, issues);
        var family = SourceOf(root.TryGetProperty("project_source", out var source) ? source : null, ["body", "project_source"], issues);
        if (issues.Count > 0) return responder.ValidationError(issues);

        var (target, refused) = Resolve(projects, responder, projectUuid, family!.Value, fileName);
        if (refused is not null) return refused;
        var tool = AiToolCatalog.Find(toolId!);
        if (tool is null)
            return responder.Error(StatusCodes.Status400BadRequest,
                $"Unknown tool_id '{toolId}'. GET /v1/projects/{projectUuid}/ai-tools lists the tools (their enhancement_type).");
        if (settings.Current.RealisticOnly && tool.Generative)
            return responder.Error(StatusCodes.Status400BadRequest, AiToolCatalog.RealisticOnlyMessage);
        return CreateVersion(context, target!, parent, "enhance", tool.EnhancementType, tool.Apply(EnhancementRenderer.Neutral), responder, signer);
    }

    /// <summary>Renders the new version from its parent (or the base image) and answers with its id and link.</summary>
    private static IResult CreateVersion(HttpContext context, Target target, int? parentId, string kind, string request,
        Artifacts.DevelopSettings settings, ApiResponder responder, StorageSigner signer)
    {
        var project = target.Project;
        OutputFile parent;
        int versionId;
        lock (project.Gate)
        {
            var history = project.Versions.GetValueOrDefault(target.FileId) ?? [];
            if (parentId is { } id)
            {
                if (history.FirstOrDefault(v => v.VersionId == id) is not { } found)
                    return responder.Error(StatusCodes.Status400BadRequest,
                        $"Version {id} does not exist for image \"{target.Base.FileName}\". Use a version_id returned for this image since its last reset, or null to start from the edited image.");
                parent = found.Output;
            }
            else parent = target.Base;
            versionId = ++project.LastVersionId;
            project.Enhancements++;
        }

        string name = $"{Path.GetFileNameWithoutExtension(target.Base.FileName)}_v{versionId.ToString(CultureInfo.InvariantCulture)}.jpg";
        string path = Path.Combine(project.Directory, "versions", versionId.ToString(CultureInfo.InvariantCulture), name);
        string comment = $"Imagen emulator {kind} version {versionId} of {target.Base.FileName} from " +
                         (parentId is null ? "the edited image" : $"version {parentId}") + $": {request}";
        EnhancementRenderer.RenderVersion(parent.Path, path, settings, comment);
        var output = new OutputFile($"{target.FileId}-v{versionId.ToString(CultureInfo.InvariantCulture)}", name, path, Md5Hex(path));
        lock (project.Gate)
        {
            if (!project.Versions.TryGetValue(target.FileId, out var history)) project.Versions[target.FileId] = history = [];
            history.Add(new ImageVersion(versionId, parentId, kind, request, output));
        }
        return responder.Ok(new
        {
            status = "SUCCESS",
            version_id = versionId,
            enhanced_image_url = signer.CreateLink(context.Request, "GET", project.Uuid, StorageArea.Versions, output.FileId, output.FileName, contentMd5: null),
        });
    }

    private static async Task<IResult> ResetAsync(HttpContext context, string projectUuid, string fileName, ProjectStore projects, ApiResponder responder)
    {
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var issues = new List<ValidationIssue>();
        JsonElement? source = body.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("project_source", out var s) ? s : null;
        var family = SourceOf(source, ["body", "project_source"], issues);
        if (issues.Count > 0) return responder.ValidationError(issues);
        var (target, refused) = Resolve(projects, responder, projectUuid, family!.Value, fileName);
        if (refused is not null) return refused;
        int removed;
        lock (target!.Project.Gate)
        {
            removed = target.Project.Versions.Remove(target.FileId, out var history) ? history.Count : 0;
        }
        return responder.Ok(new { message = $"Copilot history of \"{target.Base.FileName}\" reset ({removed} version(s) removed)" });
    }

    /// <summary>The tool catalogue (the SDKs' reading) and every image's version history (the docs' reading, §11 item 9).</summary>
    private static IResult AiTools(string projectUuid, string? project_source, ProjectStore projects, ApiResponder responder, SettingsStore settings)
    {
        var issues = new List<ValidationIssue>();
        var family = project_source is null ? ProjectFamily.Regular
            : SourceOf(JsonSerializer.SerializeToElement(project_source), ["query", "project_source"], issues);
        if (issues.Count > 0) return responder.ValidationError(issues);
        var project = projects.Find(projectUuid, family!.Value);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        if (Precondition(project) is { } message) return responder.Error(StatusCodes.Status400BadRequest, message);

        bool realisticOnly = settings.Current.RealisticOnly;
        var prompts = AiToolCatalog.All.Where(t => !realisticOnly || !t.Generative)
            .Select(t => new { enhancement_type = t.EnhancementType, label = t.Label, enabled_for_batch = t.EnabledForBatch, generative = t.Generative })
            .ToList();
        List<object> images;
        lock (project.Gate)
        {
            images = BaseImages(project).Select(b => (object)new
            {
                file_name = b.Output.FileName,
                versions = (project.Versions.GetValueOrDefault(b.FileId) ?? []).Select(v => new
                {
                    version_id = v.VersionId, parent_version_id = v.ParentVersionId, kind = v.Kind, request = v.Request,
                }).ToList(),
            }).ToList();
        }
        return responder.Ok(new { prompts, images });
    }

    /// <summary>Locks in every image's latest version, upscaled; images never enhanced come back as they are.</summary>
    private static async Task<IResult> FinalizeAsync(HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder, StorageSigner signer)
    {
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var issues = new List<ValidationIssue>();
        JsonElement? source = body.Root is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("project_source", out var s) ? s : null;
        var family = SourceOf(source, ["body", "project_source"], issues);
        if (issues.Count > 0) return responder.ValidationError(issues);
        var project = projects.Find(projectUuid, family!.Value);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        if (Precondition(project) is { } message) return responder.Error(StatusCodes.Status400BadRequest, message);

        List<(string FileId, OutputFile Base, ImageVersion? Latest)> work;
        int run;
        lock (project.Gate)
        {
            work = BaseImages(project).Select(b => (b.FileId, b.Output, project.Versions.GetValueOrDefault(b.FileId)?.LastOrDefault())).ToList();
            run = ++project.Finalizations;
        }
        var finals = new List<OutputFile>();
        foreach (var (fileId, baseImage, latest) in work)
        {
            string path = Path.Combine(project.Directory, "final", run.ToString(CultureInfo.InvariantCulture), baseImage.FileName);
            if (latest is null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.Copy(baseImage.Path, path, overwrite: true);
            }
            else
            {
                EnhancementRenderer.RenderUpscaled(latest.Output.Path, path,
                    $"Imagen emulator final image of {baseImage.FileName}: version {latest.VersionId}, upscaled 2x");
            }
            finals.Add(new OutputFile(fileId, baseImage.FileName, path, Md5Hex(path)));
        }
        lock (project.Gate)
        {
            project.Finalized.Clear();
            project.Finalized.AddRange(finals);
        }
        var links = finals.Select(f => new
        {
            file_name = f.FileName,
            download_link = signer.CreateLink(context.Request, "GET", project.Uuid, StorageArea.Final, f.FileId, f.FileName, contentMd5: null),
        }).ToList();
        return responder.Ok(new { files_list = links });
    }

    /// <summary>Why Copilot cannot work on <paramref name="project"/> yet (§3.11 preconditions), or null.</summary>
    private static string? Precondition(Project project)
    {
        lock (project.Gate)
        {
            return project.Family == ProjectFamily.Regular
                ? project.Export.Status == Projects.JobStatus.Completed ? null : NotExported
                : project.Edit.Status == Projects.JobStatus.Completed ? null : NotCompleted;
        }
    }

    /// <summary>The images Copilot works on: the exported JPEGs (regular) or the Smart Editing results.</summary>
    private static IEnumerable<(string FileId, OutputFile Output)> BaseImages(Project project) =>
        (project.Family == ProjectFamily.Regular ? project.Export.Outputs : project.Edit.Outputs).Select(o => (o.FileId, o));

    private static (Target? Target, IResult? Refused) Resolve(ProjectStore projects, ApiResponder responder, string projectUuid,
        ProjectFamily family, string fileName)
    {
        var project = projects.Find(projectUuid, family);
        if (project is null) return (null, ProjectEndpoints.ProjectNotFound(responder));
        if (Precondition(project) is { } message) return (null, responder.Error(StatusCodes.Status400BadRequest, message));
        lock (project.Gate)
        {
            // The image is named by its output name (DSC_0001.jpg) or by the file uploaded (DSC_0001.NEF).
            foreach (var (fileId, output) in BaseImages(project))
                if (output.FileName == fileName || project.FindFile(fileId)?.FileName == fileName)
                    return (new Target(project, fileId, output), null);
        }
        return (null, responder.Error(StatusCodes.Status404NotFound, $"Image \"{fileName}\" was not found in the project."));
    }

    private static async Task<(JsonElement Root, IResult? Problem)> ReadObjectAsync(HttpContext context, ApiResponder responder)
    {
        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return (default, responder.ValidationError([body.Problem]));
        if (body.Root is not { ValueKind: JsonValueKind.Object } root)
            return (default, responder.ValidationError([new ValidationIssue(["body"], "Input should be a valid dictionary or object", "model_attributes_type")]));
        return (root, null);
    }

    /// <summary><c>parent_version_id</c>: absent or null (start from the edited image), an integer, or an integer in a string.</summary>
    private static int? ParentOf(JsonElement root, List<ValidationIssue> issues)
    {
        if (!root.TryGetProperty("parent_version_id", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int number)) return number;
        if (value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out int parsed)) return parsed;
        issues.Add(new ValidationIssue(["body", "parent_version_id"], "Input should be a valid integer or null", "int_parsing"));
        return null;
    }

    /// <summary><c>project_source</c>: "REGULAR" (the default when absent) or "I2I".</summary>
    private static ProjectFamily? SourceOf(JsonElement? value, string[] location, List<ValidationIssue> issues)
    {
        if (value is null || value.Value.ValueKind == JsonValueKind.Null) return ProjectFamily.Regular;
        if (value.Value.ValueKind == JsonValueKind.String)
        {
            switch (value.Value.GetString())
            {
                case "REGULAR": return ProjectFamily.Regular;
                case "I2I": return ProjectFamily.SmartEdit;
            }
        }
        issues.Add(new ValidationIssue(location, "Input should be 'REGULAR' or 'I2I'", "enum"));
        return null;
    }

    private static string Md5Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(MD5.HashData(stream));
    }
}
