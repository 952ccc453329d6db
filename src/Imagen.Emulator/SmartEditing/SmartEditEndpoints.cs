using Imagen.Emulator.Api;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Jobs;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.SmartEditing;

/// <summary>
/// The Smart Editing ("I2I") project family under <c>/v1/i2i/projects</c> (§3.10): no profile, no export, JPEG inputs
/// only, at least <see cref="MinimumImages"/> of them, progress on the project's own <c>status</c>, finished JPEGs out.
/// </summary>
public static class SmartEditEndpoints
{
    /// <summary>What the Go SDK's end-to-end test found production to require (§3.10).</summary>
    public const int MinimumImages = 5;

    private const string Root = "/v1/i2i/projects";

    public static void MapSmartEditEndpoints(this IEndpointRouteBuilder app)
    {
        const ProjectFamily family = ProjectFamily.SmartEdit;
        app.MapApi("POST", Root, RouteNames.SmartCreate,
            (HttpContext context, ProjectStore projects, ApiResponder responder) => ProjectEndpoints.CreateAsync(context, projects, responder, family));
        app.MapApi("GET", Root, RouteNames.SmartList,
            (HttpContext context, ProjectStore projects, ApiResponder responder, SettingsStore settings) => ProjectEndpoints.List(context, projects, responder, settings, family));
        app.MapApi("GET", Root + "/is_valid_name", RouteNames.SmartValidName, IsValidName);
        app.MapApi("GET", Root + "/{projectUuid}", RouteNames.SmartGet,
            (string projectUuid, ProjectStore projects, ApiResponder responder, SettingsStore settings) => ProjectEndpoints.Get(projectUuid, projects, responder, settings, family));
        app.MapApi("POST", Root + "/{projectUuid}/get_temporary_upload_links", RouteNames.SmartUploadLinks,
            (HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder, StorageSigner signer) =>
                UploadLinkEndpoints.CreateLinksAsync(context, projects.Find(projectUuid, family), responder, signer));
        app.MapApi("GET", Root + "/{projectUuid}/get_upload_link", RouteNames.SmartUploadLink, UploadLink);
        app.MapApi("POST", Root + "/{projectUuid}/edit", RouteNames.SmartEdit, EditAsync);
        app.MapApi("GET", Root + "/{projectUuid}/get_temporary_download_links", RouteNames.SmartLinks,
            (HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder, StorageSigner signer, FaultInjector faults, SettingsStore settings) =>
                projects.Find(projectUuid, family) is { } project
                    ? JobResponses.Links(context, project, JobKind.Edit, RouteNames.SmartLinks, responder, signer, faults, settings)
                    : ProjectEndpoints.ProjectNotFound(responder));
        app.MapApi("GET", Root + "/{projectUuid}/get_download_link", RouteNames.SmartLink,
            (HttpContext context, string projectUuid, string? file_name, ProjectStore projects, ApiResponder responder, StorageSigner signer, FaultInjector faults, SettingsStore settings) =>
                projects.Find(projectUuid, family) is not { } project ? ProjectEndpoints.ProjectNotFound(responder)
                : string.IsNullOrEmpty(file_name) ? FileNameRequired(responder)
                : JobResponses.Links(context, project, JobKind.Edit, RouteNames.SmartLink, responder, signer, faults, settings, file_name));
        app.MapMultipartEndpoints();
    }

    public static IResult FileNameRequired(ApiResponder responder) =>
        responder.ValidationError([new ValidationIssue(["query", "file_name"], "Field required", "missing")]);

    /// <summary><c>{"is_valid": bool}</c>: a name is valid when it is not blank and no Smart Editing project has it.</summary>
    private static IResult IsValidName(string? name, ProjectStore projects, ApiResponder responder)
    {
        if (name is null) return responder.ValidationError([new ValidationIssue(["query", "name"], "Field required", "missing")]);
        string trimmed = name.Trim();
        return responder.Ok(new { is_valid = trimmed.Length > 0 && !projects.NameTaken(trimmed, ProjectFamily.SmartEdit) });
    }

    /// <summary>One upload link (§3.10 row 6): <c>{"file_name", "upload_link"}</c>.</summary>
    private static IResult UploadLink(HttpContext context, string projectUuid, string? file_name, ProjectStore projects,
        ApiResponder responder, StorageSigner signer)
    {
        var project = projects.Find(projectUuid, ProjectFamily.SmartEdit);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        if (string.IsNullOrEmpty(file_name)) return FileNameRequired(responder);
        if (UploadLinkEndpoints.NameProblem(project, file_name) is { } problem)
            return responder.Error(StatusCodes.Status400BadRequest, problem);
        lock (project.Gate)
        {
            if (project.Edit.IsRunningOrDone)
                return responder.Error(StatusCodes.Status400BadRequest, UploadLinkEndpoints.AlreadySentToEdit);
            return responder.Ok(new { file_name, upload_link = UploadLinkEndpoints.IssueLink(context, project, file_name, md5: null, signer) });
        }
    }

    /// <summary>
    /// Starts the Smart Edit: the body's options (§6.5), then at least five uploaded JPEGs. Billed like a regular
    /// edit, once per accepted request; the project's <c>status</c> then runs Pending → In Progress → Completed/Failed.
    /// </summary>
    private static async Task<IResult> EditAsync(HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder,
        JobRunner runner, FaultInjector faults, TimeProvider clock)
    {
        var project = projects.Find(projectUuid, ProjectFamily.SmartEdit);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);

        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var (request, issues) = SmartEditRequestParser.Parse(body.Root);
        if (request is null) return responder.ValidationError(issues);
        if (request.SkyReplacementTemplateId is { } templateId && !SkyTemplates.Exists(templateId))
            return responder.Error(StatusCodes.Status400BadRequest,
                $"Sky replacement template {templateId} does not exist. GET /v1/projects/sky_replacement/templates lists them.");

        lock (project.Gate)
        {
            if (project.Edit.Status == JobStatus.InProgress)
                return responder.Error(StatusCodes.Status409Conflict, "Project is already being edited.");
            if (project.Edit.Status == JobStatus.Completed)
                return responder.Error(StatusCodes.Status409Conflict, "Project has already been edited.");
            var uploaded = project.Files.Values.Where(f => f.Uploaded).Select(f => f.FileName).ToList();
            var notJpeg = uploaded.Where(n => FileNames.Classify(n) != FileNames.Kind.Jpeg).ToList();
            if (notJpeg.Count > 0)
                return responder.Error(StatusCodes.Status400BadRequest, $"Smart Editing works on JPEG files only: {FileNames.PythonList(notJpeg)}");
            if (uploaded.Count < MinimumImages)
                return responder.Error(StatusCodes.Status400BadRequest,
                    $"Smart Editing needs at least {MinimumImages} uploaded images; this project has {uploaded.Count}. Upload more JPEGs first.");

            project.Edit.Begin(clock.GetUtcNow());
            project.EditRequest = request;
            project.BillableEdits++;
            project.BilledPhotos.AddRange(uploaded);
        }
        runner.Start(project, JobKind.Edit, fail: faults.Next(RouteNames.SmartEdit, "fail") is not null);
        return responder.Ok(new { message = "Project sent to Smart Editing" });
    }
}
