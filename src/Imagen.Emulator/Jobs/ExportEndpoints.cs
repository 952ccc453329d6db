using Imagen.Emulator.Api;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Jobs;

/// <summary><c>/export</c>, its status and its links, including the per-image link of the newer SDKs (§3.7).</summary>
public static class ExportEndpoints
{
    public static void MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapApi("POST", "/v1/projects/{projectUuid}/export", RouteNames.Export, Export);
        app.MapJobStatusAndLinks(JobKind.Export, "export", RouteNames.ExportStatus, RouteNames.ExportLinks);
        app.MapApi("GET", "/v1/projects/{projectUuid}/export/get_download_link", RouteNames.ExportLink,
            (HttpContext context, string projectUuid, string? file_name, ProjectStore projects, ApiResponder responder, StorageSigner signer, FaultInjector faults, SettingsStore settings) =>
                projects.Find(projectUuid) is not { } project ? ProjectEndpoints.ProjectNotFound(responder)
                : string.IsNullOrEmpty(file_name) ? responder.ValidationError([new ValidationIssue(["query", "file_name"], "Field required", "missing")])
                : JobResponses.Links(context, project, JobKind.Export, RouteNames.ExportLink, responder, signer, faults, settings, file_name));
    }

    /// <summary>Needs a completed edit; a running or finished export is not started again (a Failed one may be).</summary>
    private static IResult Export(string projectUuid, ProjectStore projects, ApiResponder responder, JobRunner runner,
        FaultInjector faults, TimeProvider clock)
    {
        var project = projects.Find(projectUuid);
        if (project is null) return ProjectEndpoints.ProjectNotFound(responder);
        lock (project.Gate)
        {
            if (project.Edit.Status != JobStatus.Completed)
                return responder.Error(StatusCodes.Status400BadRequest, "Project has not been edited yet: export needs a completed edit.");
            if (project.Export.Status == JobStatus.InProgress)
                return responder.Error(StatusCodes.Status409Conflict, "Project export is already in progress.");
            if (project.Export.Status == JobStatus.Completed)
                return responder.Error(StatusCodes.Status409Conflict, "Project has already been exported.");
            project.Export.Begin(clock.GetUtcNow());
            project.Exports++;
        }
        runner.Start(project, JobKind.Export, fail: faults.Next(RouteNames.Export, "fail") is not null);
        return responder.Ok(new { project_uuid = project.Uuid, message = "Project export started" });
    }
}
