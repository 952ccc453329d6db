namespace Imagen.Emulator.Api;

/// <summary>
/// Maps an API handler tagged with its route name. ASP.NET Core's router matches a path with or without its
/// trailing slash, so both spellings of §2.4 (<c>/v1/profiles</c> and <c>/v1/profiles/</c>) reach the same handler
/// without a redirect.
/// </summary>
public static class EndpointMapping
{
    public static RouteHandlerBuilder MapApi(this IEndpointRouteBuilder app, string method, string pattern, string routeName, Delegate handler) =>
        app.MapMethods(pattern.TrimEnd('/'), [method], handler).WithMetadata(new RouteTag(routeName));
}
