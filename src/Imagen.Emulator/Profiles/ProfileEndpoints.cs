using Imagen.Emulator.Api;

namespace Imagen.Emulator.Profiles;

/// <summary><c>GET /v1/profiles</c> and <c>/v1/profiles/</c> (§3.1).</summary>
public static class ProfileEndpoints
{
    public static void MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapApi("GET", "/v1/profiles", RouteNames.Profiles,
            (ProfileCatalog catalog, ApiResponder responder) => responder.OkList("profiles", catalog.Profiles));
    }
}
