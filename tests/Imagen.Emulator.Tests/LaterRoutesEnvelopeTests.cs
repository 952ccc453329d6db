using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>The success paths of the later routes (§3.10, §3.11, §4.4) in every envelope (§2.1).</summary>
public sealed class LaterRoutesEnvelopeTests
{
    [Theory]
    [InlineData("data")]
    [InlineData("bare")]
    [InlineData("list")]
    public async Task Smart_editing_multipart_and_copilot_answer_in_the_envelope(string envelope)
    {
        await using var server = await EmulatorServer.StartAsync();
        using var client = new EmulatorClient(server);
        string regular = await client.ExportedProjectAsync(); // set up in the default envelope
        string smart = await client.CreateSmartProjectAsync();
        server.Update(o => o.Envelope = envelope);
        JsonNode Payload(JsonNode? body) => envelope == "data" ? body!["data"]! : body!;

        var (_, created) = await client.PostAsync("i2i/projects", new { name = "env" });
        var (_, got) = await client.GetAsync($"i2i/projects/{smart}");
        var (_, listed) = await client.GetAsync("i2i/projects");
        var (_, valid) = await client.GetAsync("i2i/projects/is_valid_name?name=other");
        var (_, link) = await client.GetAsync($"i2i/projects/{smart}/get_upload_link?file_name=a.jpg");
        var (_, multipart) = await client.PostAsync($"i2i/projects/{smart}/multipart_uploads", new { file_name = "b.jpg", part_count = 2 });
        var (_, exportLinks) = await client.GetAsync($"projects/{regular}/export/get_temporary_download_links");
        string image = (string)Payload(exportLinks)["files_list"]![0]!["file_name"]!;
        var (_, copilot) = await client.PostAsync($"projects/{regular}/images/{image}/copilot", new { instruction = "brighter" });
        var (_, tools) = await client.GetAsync($"projects/{regular}/ai-tools");
        var (_, finals) = await client.PostAsync($"projects/{regular}/finalize", new { project_source = "REGULAR" });

        Assert.Equal(24, ((string)Payload(created)["project_uuid"]!).Length);
        Assert.Equal("Pending", (string)Payload(got)["status"]!);
        Assert.Equal(2, (int)Payload(listed)["pagination"]!["total"]!);
        Assert.True((bool)Payload(valid)["is_valid"]!);
        Assert.Equal("a.jpg", (string)Payload(link)["file_name"]!);
        Assert.Equal(2, Payload(multipart)["parts"]!.AsArray().Count);
        Assert.Equal("SUCCESS", (string)Payload(copilot)["status"]!);
        Assert.NotEmpty(Payload(tools)["prompts"]!.AsArray());
        Assert.Equal(2, Payload(finals)["files_list"]!.AsArray().Count);
    }
}
