using Imagen.Emulator.Api;

namespace Imagen.Emulator.Jobs;

/// <summary><c>GET /v1/projects/sky_replacement/templates</c> (§3.8): ids to pass as <c>sky_replacement_template_id</c>.</summary>
public static class SkyTemplates
{
    public sealed record Template(int Id, string Name, bool IsDefault);

    public static readonly IReadOnlyList<Template> All =
    [
        new(1, "Clear blue sky", true),
        new(2, "Soft sunset", false),
        new(3, "Dramatic clouds", false),
    ];

    public static bool Exists(int id) => All.Any(t => t.Id == id);

    public static void MapSkyTemplateEndpoints(this IEndpointRouteBuilder app) =>
        app.MapApi("GET", "/v1/projects/sky_replacement/templates", RouteNames.SkyTemplates,
            (ApiResponder responder) => responder.OkList("templates", All));
}
