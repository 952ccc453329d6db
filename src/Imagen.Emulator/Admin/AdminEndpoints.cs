using System.Text.Json;
using System.Text.Json.Nodes;
using Imagen.Emulator.Api;
using Imagen.Emulator.CommandLine;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Hosting;
using Imagen.Emulator.Jobs;
using Imagen.Emulator.Journal;
using Imagen.Emulator.Projects;

namespace Imagen.Emulator.Admin;

/// <summary>
/// Test and operator controls under <c>/admin</c> (no API key; camelCase JSON): settings and faults changeable while
/// running, the request journal, billable-edit counts, project state and sent callbacks.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Settings fixed at start; PATCH refuses to change them.</summary>
    private static readonly string[] FixedSettings =
        [nameof(EmulatorOptions.Urls), nameof(EmulatorOptions.ApiKey), nameof(EmulatorOptions.DataDirectory), nameof(EmulatorOptions.ProfilesFile)];

    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin");
        admin.MapGet("/", () => Results.Json(new
        {
            routes = new[] { "GET|PATCH /admin/settings", "GET|PUT|POST|DELETE /admin/faults", "GET|DELETE /admin/journal?since=N",
                "GET /admin/billable-edits", "GET /admin/billed-photos", "GET /admin/projects", "GET /admin/callbacks", "GET /admin/routes" },
        }));
        admin.MapGet("/settings", (SettingsStore settings) => Results.Json(Redact(settings.Current), SettingsFile.Json));
        admin.MapPatch("/settings", PatchSettingsAsync);
        admin.MapGet("/faults", (FaultInjector faults) => Results.Json(faults.Describe()));
        admin.MapPut("/faults", (HttpContext context, SettingsStore settings) =>
            ChangeFaultsAsync(context, settings, (options, body) => options.Faults = body.Deserialize<List<FaultRule>>(SettingsFile.Json) ?? []));
        admin.MapPost("/faults", (HttpContext context, SettingsStore settings) =>
            ChangeFaultsAsync(context, settings, (options, body) => options.Faults.Add(body.Deserialize<FaultRule>(SettingsFile.Json)
                ?? throw new ArgumentException("Send one fault rule as a JSON object."))));
        admin.MapDelete("/faults", (SettingsStore settings) =>
        {
            settings.Update(o => o.Faults = []);
            return Results.NoContent();
        });
        admin.MapGet("/journal", (long? since, RequestJournal journal) =>
        {
            var entries = journal.Since(since ?? 0);
            return Results.Json(new { entries, next = entries.Count == 0 ? since ?? 0 : entries.Max(e => e.Sequence) });
        });
        admin.MapDelete("/journal", (RequestJournal journal) =>
        {
            journal.Clear();
            return Results.NoContent();
        });
        admin.MapGet("/billable-edits", (ProjectStore projects) =>
        {
            var counts = projects.Everything().ToDictionary(p => p.Uuid, p => { lock (p.Gate) return p.BillableEdits; });
            return Results.Json(new { total = counts.Values.Sum(), projects = counts });
        });
        admin.MapGet("/billed-photos", (ProjectStore projects) =>
        {
            var billed = projects.Everything().ToDictionary(p => p.Uuid, p => { lock (p.Gate) return p.BilledPhotos.ToList(); });
            return Results.Json(new
            {
                total = billed.Values.Sum(photos => photos.Count),
                projects = billed.Where(p => p.Value.Count > 0).ToDictionary(p => p.Key, p => new { count = p.Value.Count, photos = p.Value }),
            });
        });
        admin.MapGet("/projects", (ProjectStore projects, SettingsStore settings) =>
            Results.Json(projects.Everything().Select(p => ProjectState.Of(p, settings.Current.StatusCasing))));
        admin.MapGet("/callbacks", (CallbackNotifier callbacks) => Results.Json(callbacks.Attempts));
        admin.MapGet("/routes", () => Results.Json(RouteNames.All));
    }

    private static async Task<IResult> PatchSettingsAsync(HttpContext context, SettingsStore settings)
    {
        var patch = await ReadObjectAsync(context);
        if (patch is null) return Results.BadRequest(new { error = "Send a JSON object of settings, e.g. {\"envelope\":\"bare\"}." });
        string? fixedName = patch.Select(p => p.Key).FirstOrDefault(k => FixedSettings.Contains(k, StringComparer.OrdinalIgnoreCase));
        if (fixedName is not null) return Results.BadRequest(new { error = $"{fixedName} is fixed when the emulator starts and cannot be changed while it runs." });
        try
        {
            var updated = settings.Update(options =>
            {
                var merged = JsonSerializer.SerializeToNode(options, SettingsFile.Json)!.AsObject();
                foreach (var (key, value) in patch)
                {
                    string name = merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase))
                        ?? throw new ArgumentException($"Unknown setting '{key}'.");
                    merged[name] = value?.DeepClone();
                }
                var next = merged.Deserialize<EmulatorOptions>(SettingsFile.Json)!;
                foreach (var property in typeof(EmulatorOptions).GetProperties().Where(p => p.CanWrite))
                    property.SetValue(options, property.GetValue(next));
                options.Faults ??= [];
                options.FailPhotos ??= [];
            });
            return Results.Json(Redact(updated), SettingsFile.Json);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return Results.BadRequest(new { error = ex.Message });
        }
    }

    private static async Task<IResult> ChangeFaultsAsync(HttpContext context, SettingsStore settings, Action<EmulatorOptions, JsonElement> change)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var body = document.RootElement.Clone();
            settings.Update(options => change(options, body));
            return Results.Json(settings.Current.Faults, SettingsFile.Json);
        }
        catch (Exception ex) when (ex is ArgumentException or JsonException)
        {
            return Results.BadRequest(new { error = ex.Message });
        }
    }

    private static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static EmulatorOptions Redact(EmulatorOptions options)
    {
        var copy = options.Clone();
        copy.ApiKey = JournalMiddleware.Redacted;
        return copy;
    }
}
