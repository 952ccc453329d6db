using Imagen.Emulator.Api;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Projects;
using Imagen.Emulator.Storage;

namespace Imagen.Emulator.Jobs;

/// <summary>The status and download-links routes, which edit and export share apart from their names.</summary>
internal static class JobRoutes
{
    /// <summary>Maps <c>GET /v1/projects/{projectUuid}/{segment}/status</c> and <c>.../get_temporary_download_links</c>.</summary>
    public static void MapJobStatusAndLinks(this IEndpointRouteBuilder app, JobKind kind, string segment, string statusRoute, string linksRoute)
    {
        app.MapApi("GET", $"/v1/projects/{{projectUuid}}/{segment}/status", statusRoute,
            (string projectUuid, ProjectStore projects, ApiResponder responder, SettingsStore settings) =>
                projects.Find(projectUuid) is { } project
                    ? JobResponses.Status(project, kind, responder, settings)
                    : ProjectEndpoints.ProjectNotFound(responder));
        app.MapApi("GET", $"/v1/projects/{{projectUuid}}/{segment}/get_temporary_download_links", linksRoute,
            (HttpContext context, string projectUuid, ProjectStore projects, ApiResponder responder, StorageSigner signer, FaultInjector faults, SettingsStore settings) =>
                projects.Find(projectUuid) is { } project
                    ? JobResponses.Links(context, project, kind, linksRoute, responder, signer, faults, settings)
                    : ProjectEndpoints.ProjectNotFound(responder));
    }
}
