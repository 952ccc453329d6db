using Imagen.Emulator.Api;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Profiles;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Jobs;

/// <summary><c>/edit</c>, its status and its download links (§3.4-§3.6).</summary>
public static class EditEndpoints
{
    public static void MapEditEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapApi("POST", "/v1/projects/{projectUuid}/edit", RouteNames.Edit, EditAsync);
        app.MapJobStatusAndLinks(JobKind.Edit, "edit", RouteNames.EditStatus, RouteNames.EditLinks);
    }

    /// <summary>
    /// Validates in the order a photographer's mistakes are most useful to hear about: the request itself, the
    /// profile, the options, then the project's state and files. Only an accepted request is billed.
    /// </summary>
    private static async Task<IResult> EditAsync(HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder,
        SettingsStore settings, ProfileCatalog profiles, JobRunner runner, FaultInjector faults, TimeProvider clock)
    {
        var project = projects.Find(projectUuid);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);

        string contentType = context.Request.Headers.ContentType.ToString();
        if (settings.Current.Strict && contentType.Length > 0)
            return responder.Error(StatusCodes.Status415UnsupportedMediaType,
                $"Send /edit with an empty Content-Type header, as the official SDKs do (got '{contentType}').");

        var body = await JsonBody.ReadAsync(context.Request, context.RequestAborted);
        if (body.Problem is not null) return responder.ValidationError([body.Problem]);
        var (request, issues) = EditRequestParser.Parse(body.Root);
        if (request is null) return responder.ValidationError(issues);

        var profile = profiles.Find(request.ProfileKey);
        if (profile is null)
            return responder.Error(StatusCodes.Status400BadRequest,
                $"Profile with key {request.ProfileKey} was not found. GET /v1/profiles lists the profiles of this account.");
        if (request.SkyReplacementTemplateId is { } templateId && !SkyTemplates.Exists(templateId))
            return responder.Error(StatusCodes.Status400BadRequest,
                $"Sky replacement template {templateId} does not exist. GET /v1/projects/sky_replacement/templates lists them.");
        if (settings.Current.Strict && EditRequestParser.Conflicts(request) is { Count: > 0 } conflicts)
            return responder.Error(StatusCodes.Status400BadRequest, string.Join(" ", conflicts));

        lock (project.Gate)
        {
            if (project.Edit.Status == JobStatus.InProgress)
                return responder.Error(StatusCodes.Status409Conflict, "Project is already being edited.");
            if (project.Edit.Status == JobStatus.Completed)
                return responder.Error(StatusCodes.Status409Conflict, "Project has already been edited.");
            var uploaded = project.Files.Values.Where(f => f.Uploaded).Select(f => f.FileName).ToList();
            if (uploaded.Count == 0)
                return responder.Error(StatusCodes.Status400BadRequest,
                    "No files have been uploaded to this project. Upload them with the links from get_temporary_upload_links first.");
            if (FileTypeProblem(profile, uploaded) is { } problem)
                return responder.Error(StatusCodes.Status400BadRequest, problem);

            project.Edit.Begin(clock.GetUtcNow());
            project.Profile = profile;
            project.EditRequest = request;
            project.BillableEdits++;
            project.BilledPhotos.AddRange(uploaded);
        }
        runner.Start(project, JobKind.Edit, fail: faults.Next(RouteNames.Edit, "fail") is not null);
        return responder.Ok(new { project_uuid = project.Uuid, message = "Project sent to edit" });
    }

    /// <summary>The seed's checks (§7), worded as the SDK words them.</summary>
    private static string? FileTypeProblem(Profile profile, IReadOnlyList<string> fileNames)
    {
        var raw = fileNames.Where(n => FileNames.Classify(n) == FileNames.Kind.Raw).ToList();
        var jpeg = fileNames.Where(n => FileNames.Classify(n) == FileNames.Kind.Jpeg).ToList();
        var unsupported = fileNames.Where(n => FileNames.Classify(n) == FileNames.Kind.Unsupported).ToList();
        var problems = new List<string>();
        if (unsupported.Count > 0)
            problems.Add($"{profile.ImageType} profile cannot be used with unsupported files: {FileNames.PythonList(unsupported)}");
        if (profile.IsRaw && jpeg.Count > 0)
            problems.Add($"RAW profile cannot be used with JPG files: {FileNames.PythonList(jpeg)}");
        if (!profile.IsRaw && raw.Count > 0)
            problems.Add($"JPG profile cannot be used with RAW files: {FileNames.PythonList(raw)}");
        if (raw.Count > 0 && jpeg.Count > 0)
            problems.Add($"Cannot mix RAW and JPG files in the same project: RAW {FileNames.PythonList(raw)}, JPG {FileNames.PythonList(jpeg)}");
        return problems.Count == 0 ? null : string.Join(" ", problems);
    }
}
