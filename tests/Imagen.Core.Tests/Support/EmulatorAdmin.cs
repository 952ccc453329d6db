using System.Text.Json;

namespace Imagen.Core.Tests.Support;

/// <summary>The emulator's admin routes: what the server received and what it billed.</summary>
public static class EmulatorAdmin
{
    private static readonly HttpClient Http = new();

    public static async Task<IReadOnlyList<JsonElement>> JournalAsync(this EmulatorHarness emulator)
    {
        var json = await Http.GetStringAsync(new Uri(emulator.Server.RootUrl, "admin/journal"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("entries").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public static async Task<int> BillableEditsAsync(this EmulatorHarness emulator, string projectId)
    {
        var json = await Http.GetStringAsync(new Uri(emulator.Server.RootUrl, "admin/billable-edits"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("projects").TryGetProperty(projectId, out var count) ? count.GetInt32() : 0;
    }

    public static async Task<int> TotalBillableEditsAsync(this EmulatorHarness emulator)
    {
        var json = await Http.GetStringAsync(new Uri(emulator.Server.RootUrl, "admin/billable-edits"));
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("total").GetInt32();
    }

    /// <summary>Everything the emulator knows about its projects (GET /admin/projects).</summary>
    public static async Task<System.Text.Json.Nodes.JsonArray> ProjectsAsync(this EmulatorHarness emulator) =>
        System.Text.Json.Nodes.JsonNode.Parse(await Http.GetStringAsync(new Uri(emulator.Server.RootUrl, "admin/projects")))!.AsArray();

    /// <summary>Replaces the running emulator's fault rules (a JSON array of FaultRule).</summary>
    public static async Task SetFaultsAsync(this EmulatorHarness emulator, string rulesJson)
    {
        using var content = new StringContent(rulesJson, System.Text.Encoding.UTF8, "application/json");
        using var response = await Http.PutAsync(new Uri(emulator.Server.RootUrl, "admin/faults"), content);
        response.EnsureSuccessStatusCode();
    }

    public static string Route(this JsonElement entry) => entry.GetProperty("route").GetString() ?? string.Empty;

    public static int Status(this JsonElement entry) => entry.GetProperty("status").GetInt32();

    /// <summary>A request header as journalled, or null when the request did not carry it.</summary>
    public static string? Header(this JsonElement entry, string name)
    {
        foreach (var header in entry.GetProperty("headers").EnumerateObject())
        {
            if (string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return header.Value.ValueKind == JsonValueKind.Array ? string.Join(",", header.Value.EnumerateArray().Select(v => v.GetString())) : header.Value.GetString();
            }
        }

        return null;
    }
}
