using Imagen.Emulator.Hosting;
using Imagen.Emulator.Journal;
using Imagen.Emulator.Projects;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Imagen.Emulator;

/// <summary>
/// A running emulator. Tests start one in-process on an ephemeral loopback port; the program starts one on the
/// address given by <c>--urls</c>. Disposing stops it and deletes its temporary data folder.
/// </summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorIdentity _identity;

    private EmulatorServer(WebApplication app, EmulatorIdentity identity, Uri rootUrl)
    {
        _app = app;
        _identity = identity;
        RootUrl = rootUrl;
        BaseUrl = new Uri(rootUrl, "v1");
    }

    /// <summary>The API base, e.g. <c>http://127.0.0.1:41234/v1</c> (no trailing slash).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The server root, e.g. <c>http://127.0.0.1:41234/</c>; admin routes live under <c>/admin</c>.</summary>
    public Uri RootUrl { get; }

    /// <summary>The API key the emulator accepts.</summary>
    public string ApiKey => _identity.ApiKey;

    /// <summary>The folder holding uploads and outputs.</summary>
    public string DataDirectory => _identity.DataDirectory;

    /// <summary>The services of the running app (state store, settings), for in-process tests and tools.</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<EmulatorServer> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options = (options ?? new EmulatorOptions()).Clone();
        options.Validate();

        string apiKey = string.IsNullOrWhiteSpace(options.ApiKey) ? EmulatorIdentity.GenerateApiKey() : options.ApiKey.Trim();
        bool ownsData = string.IsNullOrWhiteSpace(options.DataDirectory);
        string dataDirectory = ownsData
            ? Path.Combine(Path.GetTempPath(), "imagen-emulator-" + Guid.NewGuid().ToString("N")[..12])
            : Path.GetFullPath(options.DataDirectory!);
        Directory.CreateDirectory(dataDirectory);
        var identity = new EmulatorIdentity(apiKey, dataDirectory, ownsData);

        WebApplication? app = null;
        try
        {
            app = EmulatorHost.Build(options, identity);
            await app.StartAsync(cancellationToken);
            return new EmulatorServer(app, identity, ListeningRoot(app));
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            if (ownsData) TryDeleteDirectory(dataDirectory);
            throw;
        }
    }

    /// <summary>Changes settings while running (the in-process twin of <c>PATCH /admin/settings</c>).</summary>
    public EmulatorOptions Update(Action<EmulatorOptions> change) => _app.Services.GetRequiredService<SettingsStore>().Update(change);

    /// <summary>The settings in force.</summary>
    public EmulatorOptions Settings => _app.Services.GetRequiredService<SettingsStore>().Current.Clone();

    /// <summary>Puts back settings read earlier from <see cref="Settings"/>, whole (a shared emulator between tests).</summary>
    public EmulatorOptions RestoreSettings(EmulatorOptions settings) => _app.Services.GetRequiredService<SettingsStore>().Replace(settings);

    /// <summary>The requests received so far (see <c>GET /admin/journal</c>).</summary>
    public IReadOnlyList<JournalEntry> Journal => _app.Services.GetRequiredService<RequestJournal>().Since(0);

    /// <summary>Accepted (billable) <c>/edit</c> requests of one project; 0 for an unknown project.</summary>
    public int BillableEdits(string projectUuid)
    {
        var project = _app.Services.GetRequiredService<ProjectStore>().FindAny(projectUuid);
        if (project is null) return 0;
        lock (project.Gate) return project.BillableEdits;
    }

    /// <summary>Accepted edits over all projects of both families.</summary>
    public int TotalBillableEdits => _app.Services.GetRequiredService<ProjectStore>().Everything().Sum(p => { lock (p.Gate) return p.BillableEdits; });

    /// <summary>The photos accepted <c>/edit</c> requests of one project took (what the account pays for); empty for an unknown project.</summary>
    public IReadOnlyList<string> BilledPhotos(string projectUuid)
    {
        var project = _app.Services.GetRequiredService<ProjectStore>().FindAny(projectUuid);
        if (project is null) return [];
        lock (project.Gate) return project.BilledPhotos.ToList();
    }

    /// <summary>Billed photos over all projects of both families.</summary>
    public int TotalBilledPhotos => _app.Services.GetRequiredService<ProjectStore>().Everything().Sum(p => { lock (p.Gate) return p.BilledPhotos.Count; });

    /// <summary>Completes when the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(grace.Token);
        }
        finally
        {
            await _app.DisposeAsync();
            if (_identity.OwnsDataDirectory) TryDeleteDirectory(_identity.DataDirectory);
        }
    }

    /// <summary>The first bound address, with a port 0 resolved to the real one.</summary>
    private static Uri ListeningRoot(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.FirstOrDefault() ?? throw new InvalidOperationException("The emulator did not bind to any address.");
        var builder = new UriBuilder(address.Replace("://[::]", "://localhost").Replace("://+", "://localhost").Replace("://*", "://localhost"));
        builder.Path = "/";
        return builder.Uri;
    }

    private static void TryDeleteDirectory(string path)
    {
        try { if (Directory.Exists(path)) Directory.Delete(path, recursive: true); }
        catch (IOException) { /* a file still open by a reader; leave the temp folder to the OS */ }
        catch (UnauthorizedAccessException) { }
    }
}
