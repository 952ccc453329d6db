using Imagen.Emulator.Admin;
using Imagen.Emulator.Api;
using Imagen.Emulator.Copilot;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Jobs;
using Imagen.Emulator.Journal;
using Imagen.Emulator.Profiles;
using Imagen.Emulator.Projects;
using Imagen.Emulator.SmartEditing;
using Imagen.Emulator.Storage;

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
            // Uploads stream to disk, so the only cap is S3's for one PUT; JSON bodies have their own small cap.
            kestrel.Limits.MaxRequestBodySize = StorageEndpoints.MaxObjectBytes;
        });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console => { console.SingleLine = true; console.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Imagen.Emulator", LogLevel.Information);
        // A failed start (port in use) reaches the caller as an exception; the program prints it in one line.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);

        var services = builder.Services;
        services.AddSingleton(identity);
        services.AddSingleton(new SettingsStore(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ApiResponder>();
        services.AddSingleton<ProjectStore>();
        services.AddSingleton<StorageSigner>();
        services.AddSingleton<StorageLine>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<RequestJournal>();
        services.AddSingleton<CallbackNotifier>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton(ProfileCatalog.Load(string.IsNullOrWhiteSpace(options.ProfilesFile) ? ProfileCatalog.DefaultPath : options.ProfilesFile));

        var app = builder.Build();
        app.UseMiddleware<JournalMiddleware>();
        app.UseRouting();
        app.UseMiddleware<ApiKeyMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.UseMiddleware<StorageThrottleMiddleware>();

        app.MapProfileEndpoints();
        app.MapSkyTemplateEndpoints();
        app.MapProjectEndpoints();
        app.MapUploadLinkEndpoints();
        app.MapEditEndpoints();
        app.MapExportEndpoints();
        app.MapExportUploadLinkEndpoint();
        app.MapSmartEditEndpoints();
        app.MapCopilotEndpoints();
        app.MapStorageEndpoints();
        app.MapMultipartPartEndpoint();
        app.MapAdminEndpoints();
        app.MapFallback((HttpContext context, ApiResponder responder) =>
            context.Request.Path.StartsWithSegments("/v1")
                ? responder.Error(StatusCodes.Status404NotFound, "Not Found")
                : Results.NotFound());
        return app;
    }
}
