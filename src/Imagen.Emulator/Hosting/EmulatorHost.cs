using Imagen.Emulator.Api;
using Imagen.Emulator.Profiles;

namespace Imagen.Emulator.Hosting;

/// <summary>Builds the ASP.NET Core application: services, middleware order and the endpoint groups.</summary>
internal static class EmulatorHost
{
    public static WebApplication Build(EmulatorOptions options, EmulatorIdentity identity)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Imagen.Emulator", LogLevel.Information);

        var services = builder.Services;
        services.AddSingleton(identity);
        services.AddSingleton(new SettingsStore(options));
        services.AddSingleton<ApiResponder>();
        services.AddSingleton(ProfileCatalog.Load(string.IsNullOrWhiteSpace(options.ProfilesFile) ? ProfileCatalog.DefaultPath : options.ProfilesFile));

        var app = builder.Build();
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.MapProfileEndpoints();
        app.MapFallback((HttpContext context, ApiResponder responder) =>
            context.Request.Path.StartsWithSegments("/v1")
                ? responder.Error(StatusCodes.Status404NotFound, "Not Found")
                : Results.NotFound());
        return app;
    }
}
