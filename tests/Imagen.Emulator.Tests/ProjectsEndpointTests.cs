using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Create, list, get and name-to-id (§3.2), in both path spellings (§2.4).</summary>
public sealed class ProjectsEndpointTests : EmulatorTestBase
{
    [Fact]
    public async Task Create_without_a_body_generates_a_uuid_name_and_a_24_hex_id()
    {
        using var response = await Client.Api.PostAsync("projects/", content: null);
        var data = EmulatorClient.Data(await EmulatorClient.ReadJsonAsync(response));

        Assert.Matches("^[0-9a-f]{24}$", (string)data["project_uuid"]!);
        Assert.True(Guid.TryParse((string)data["name"]!, out _));
    }

    [Fact]
    public async Task Create_with_an_empty_object_or_a_name_works_under_both_spellings()
    {
        var (status1, body1) = await Client.PostAsync("projects", new { });
        var (status2, body2) = await Client.PostAsync("projects/", new { name = "Smith wedding" });

        Assert.Equal(200, status1);
        Assert.Equal(200, status2);
        Assert.NotEqual((string)EmulatorClient.Data(body1)["project_uuid"]!, (string)EmulatorClient.Data(body2)["project_uuid"]!);
        Assert.Equal("Smith wedding", (string)EmulatorClient.Data(body2)["name"]!);
    }

    [Fact]
    public async Task A_duplicate_name_is_rejected_with_the_documented_message()
    {
        await Client.CreateProjectAsync("Smith_2025-06-01");

        var (status, body) = await Client.PostAsync("projects/", new { name = "Smith_2025-06-01" });

        Assert.Equal(400, status);
        Assert.Equal("Project with name 'Smith_2025-06-01' already exists", (string)body!["error"]!["message"]!);
        Assert.Equal("Project with name 'Smith_2025-06-01' already exists", (string)body["detail"]!);
    }

    [Fact]
    public async Task Bad_create_bodies_are_422_validation_errors()
    {
        var (status1, _) = await Client.PostAsync("projects/", new { name = 42 });
        using var notJson = await Client.Api.PostAsync("projects/", new StringContent("{name:", Encoding.UTF8, "application/json"));

        Assert.Equal(422, status1);
        Assert.Equal(422, (int)notJson.StatusCode);
    }

    [Fact]
    public async Task List_pages_newest_first_and_get_returns_one_project()
    {
        var ids = new List<string>();
        for (int i = 0; i < 3; i++) ids.Add(await Client.CreateProjectAsync($"list-{i}"));

        var (_, page0) = await Client.GetAsync("projects?size=2&page=0");
        var (_, page1) = await Client.GetAsync("projects/?size=2&page=1");
        var (status, one) = await Client.GetAsync($"projects/{ids[1]}?get_thumbnail=false");

        var first = EmulatorClient.Data(page0);
        Assert.Equal(3, (int)first["pagination"]!["total"]!);
        Assert.Equal([ids[2], ids[1]], first["projects"]!.AsArray().Select(p => (string)p!["project_uuid"]!));
        Assert.Equal([ids[0]], EmulatorClient.Data(page1)["projects"]!.AsArray().Select(p => (string)p!["project_uuid"]!));
        Assert.Equal(200, status);
        var project = EmulatorClient.Data(one);
        Assert.Equal("list-1", (string)project["name"]!);
        Assert.Equal("Pending", (string)project["status"]!);
        Assert.Equal(0, (int)project["number_of_images"]!);
        foreach (string field in new[] { "project_id", "created_at", "profile", "ai_tools", "customer_reference_id", "thumbnail_src", "export_status" })
            Assert.True(project.AsObject().ContainsKey(field), field);
    }

    [Fact]
    public async Task Archived_listing_is_empty_and_bad_paging_is_422()
    {
        await Client.CreateProjectAsync();

        var (_, archived) = await Client.GetAsync("projects?is_archived=true");
        var (status, _) = await Client.GetAsync("projects?size=500");

        Assert.Empty(EmulatorClient.Data(archived)["projects"]!.AsArray());
        Assert.Equal(422, status);
    }

    [Fact]
    public async Task Name_resolves_to_its_id_and_an_unknown_name_or_id_is_404()
    {
        string id = await Client.CreateProjectAsync("Jones & Co / 2025");

        var (status, body) = await Client.GetAsync("projects/" + Uri.EscapeDataString("Jones & Co / 2025") + "/uuid");
        var (missingName, _) = await Client.GetAsync("projects/nobody/uuid");
        var (missingId, missingBody) = await Client.GetAsync("projects/0123456789abcdef01234567");

        Assert.Equal(200, status);
        Assert.Equal(id, (string)EmulatorClient.Data(body)["project_uuid"]!);
        Assert.Equal(404, missingName);
        Assert.Equal(404, missingId);
        Assert.Equal("Project not found", (string)missingBody!["detail"]!);
    }

    [Fact]
    public async Task Sky_templates_are_listed_with_a_default()
    {
        var (status, body) = await Client.GetAsync("projects/sky_replacement/templates");

        Assert.Equal(200, status);
        var templates = EmulatorClient.Data(body)["templates"]!.AsArray();
        Assert.Single(templates, t => (bool)t!["is_default"]!);
        Assert.All(templates, t => Assert.True((int)t!["id"]! > 0));
    }

    [Fact]
    public async Task List_envelope_sends_sky_templates_as_a_bare_array_and_objects_bare()
    {
        Server.Update(o => o.Envelope = "list");

        var (_, templates) = await Client.GetAsync("projects/sky_replacement/templates");
        var (_, created) = await Client.PostAsync("projects/", new { });

        Assert.IsType<JsonArray>(templates);
        Assert.Matches("^[0-9a-f]{24}$", (string)created!["project_uuid"]!);
    }
}
