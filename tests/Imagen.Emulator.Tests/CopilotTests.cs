using System.Text;
using System.Text.Json.Nodes;
using Imagen.Emulator.Artifacts;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Copilot, enhancement, AI tools, reset and finalize per image (§3.11, issue #9 point 1).</summary>
public sealed class CopilotTests : EmulatorTestBase
{
    private static JsonNode Data(JsonNode? body) => EmulatorClient.Data(body);

    private async Task<string> FirstImageAsync(string project)
    {
        var (_, links) = await Client.GetAsync($"projects/{project}/export/get_temporary_download_links");
        return (string)Data(links)["files_list"]![0]!["file_name"]!;
    }

    private async Task<byte[]> ExportedAsync(string project, string name)
    {
        var (_, link) = await Client.GetAsync($"projects/{project}/export/get_download_link?file_name={Uri.EscapeDataString(name)}");
        return await Client.Plain.GetByteArrayAsync((string)Data(link)["download_link"]!);
    }

    private static double Luminance(byte[] jpeg) => JpegCodec.Measure(new MemoryStream(jpeg)).MeanLuminance;

    private static string CommentOf(byte[] jpeg) => Encoding.Latin1.GetString(jpeg);

    private Task<(int Status, JsonNode? Body)> CopilotAsync(string project, string image, string instruction, int? parent = null, string source = "REGULAR") =>
        Client.PostAsync($"projects/{project}/images/{Uri.EscapeDataString(image)}/copilot",
            new { instruction, parent_version_id = parent, project_source = source });

    [Fact]
    public async Task A_regular_project_must_be_exported_first()
    {
        string project = await Client.ExportedProjectAsync(export: false);
        var (_, links) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        string image = (string)Data(links)["files_list"]![0]!["file_name"]!;

        var results = new[]
        {
            await CopilotAsync(project, image, "brighter"),
            await Client.PostAsync($"projects/{project}/images/{image}/enhance", new { tool_id = "brighten", project_source = "REGULAR" }),
            await Client.GetAsync($"projects/{project}/ai-tools?project_source=REGULAR"),
            await Client.DeleteAsync($"projects/{project}/images/{image}/copilot", new { project_source = "REGULAR" }),
            await Client.PostAsync($"projects/{project}/finalize", new { project_source = "REGULAR" }),
        };

        Assert.All(results, r =>
        {
            Assert.Equal(400, r.Status);
            Assert.Equal("Project has not been exported yet.", (string)r.Body!["error"]!["message"]!);
        });
    }

    [Fact]
    public async Task Copilot_results_are_real_jpegs_that_chain_through_parent_versions()
    {
        string project = await Client.ExportedProjectAsync();
        string image = await FirstImageAsync(project);
        double original = Luminance(await ExportedAsync(project, image));

        var (s1, first) = await CopilotAsync(project, image, "make it brighter");
        int v1 = (int)Data(first)["version_id"]!;
        byte[] brighter = await Client.Plain.GetByteArrayAsync((string)Data(first)["enhanced_image_url"]!);
        var (s2, second) = await CopilotAsync(project, image, "now darker and moody", parent: v1);
        int v2 = (int)Data(second)["version_id"]!;
        byte[] darker = await Client.Plain.GetByteArrayAsync((string)Data(second)["enhanced_image_url"]!);

        Assert.Equal(200, s1);
        Assert.Equal(200, s2);
        Assert.Equal("SUCCESS", (string)Data(first)["status"]!);
        Assert.NotEqual(v1, v2);
        Assert.True(Luminance(brighter) > original + 0.02, $"brighter {Luminance(brighter)} vs original {original}");
        Assert.True(Luminance(darker) < Luminance(brighter) - 0.02, $"darker {Luminance(darker)} vs its parent {Luminance(brighter)}");
        Assert.Contains($"version {v2} of {image} from version {v1}: now darker and moody", CommentOf(darker));
        Assert.Contains($"version {v1} of {image} from the edited image", CommentOf(brighter));
    }

    [Fact]
    public async Task An_unknown_parent_and_a_parent_from_before_a_reset_are_errors()
    {
        string project = await Client.ExportedProjectAsync();
        string image = await FirstImageAsync(project);
        var (_, first) = await CopilotAsync(project, image, "warmer");
        int v1 = (int)Data(first)["version_id"]!;

        var (unknown, unknownBody) = await CopilotAsync(project, image, "cooler", parent: 999);
        var (reset, _) = await Client.DeleteAsync($"projects/{project}/images/{image}/copilot", new { project_source = "REGULAR" });
        var (afterReset, _) = await CopilotAsync(project, image, "cooler", parent: v1);
        var (fresh, _) = await CopilotAsync(project, image, "cooler");
        var (missingImage, _) = await CopilotAsync(project, "nope.jpg", "cooler");

        Assert.Equal(400, unknown);
        Assert.Contains("Version 999 does not exist", unknownBody!.ToJsonString());
        Assert.Equal(200, reset);
        Assert.Equal(400, afterReset);
        Assert.Equal(200, fresh);
        Assert.Equal(404, missingImage);
    }

    [Fact]
    public async Task The_request_body_is_validated()
    {
        string project = await Client.ExportedProjectAsync();
        string image = await FirstImageAsync(project);

        var (empty, _) = await CopilotAsync(project, image, "");
        var (tooLong, _) = await CopilotAsync(project, image, new string('a', 256));
        var (badSource, _) = await CopilotAsync(project, image, "brighter", source: "OTHER");
        var (noTool, _) = await Client.PostAsync($"projects/{project}/images/{image}/enhance", new { project_source = "REGULAR" });
        var (unknownTool, body) = await Client.PostAsync($"projects/{project}/images/{image}/enhance", new { tool_id = "teleport" });

        Assert.Equal(422, empty);
        Assert.Equal(422, tooLong);
        Assert.Equal(422, badSource);
        Assert.Equal(422, noTool);
        Assert.Equal(400, unknownTool);
        Assert.Contains("ai-tools", body!.ToJsonString());
    }

    [Fact]
    public async Task Ai_tools_list_the_catalogue_and_the_version_history()
    {
        string project = await Client.ExportedProjectAsync();
        string image = await FirstImageAsync(project);
        var (_, enhanced) = await Client.PostAsync($"projects/{project}/images/{image}/enhance", new { tool_id = "remove_cameraman", project_source = "REGULAR" });

        var (status, body) = await Client.GetAsync($"projects/{project}/ai-tools?project_source=REGULAR");

        Assert.Equal(200, status);
        var prompts = Data(body)["prompts"]!.AsArray();
        Assert.Contains(prompts, p => (string)p!["enhancement_type"]! == "remove_cameraman" && (bool)p["generative"]!);
        Assert.All(prompts, p => Assert.False(string.IsNullOrEmpty((string?)p!["label"])));
        var history = Data(body)["images"]!.AsArray().Single(i => (string)i!["file_name"]! == image)!["versions"]!.AsArray();
        Assert.Equal((int)Data(enhanced)["version_id"]!, (int)Assert.Single(history)!["version_id"]!);
    }

    [Fact]
    public async Task A_realistic_only_account_refuses_generative_tools_and_instructions()
    {
        string project = await Client.ExportedProjectAsync();
        string image = await FirstImageAsync(project);
        using (var patch = await Client.AdminSendAsync(new HttpMethod("PATCH"), "settings", new { realisticOnly = true }))
            Assert.True(patch.IsSuccessStatusCode);

        var (tool, toolBody) = await Client.PostAsync($"projects/{project}/images/{image}/enhance", new { tool_id = "remove_cameraman", project_source = "REGULAR" });
        var (instruction, instructionBody) = await CopilotAsync(project, image, "remove the chair on the left");
        var (realistic, _) = await CopilotAsync(project, image, "a bit warmer");
        var (realisticTool, _) = await Client.PostAsync($"projects/{project}/images/{image}/enhance", new { tool_id = "brighten", project_source = "REGULAR" });
        var (_, tools) = await Client.GetAsync($"projects/{project}/ai-tools");

        Assert.Equal(400, tool);
        Assert.Equal("Only realistic editing requests are supported.", (string)toolBody!["error"]!["message"]!);
        Assert.Equal(400, instruction);
        Assert.Equal("Only realistic editing requests are supported.", (string)instructionBody!["error"]!["message"]!);
        Assert.Equal(200, realistic);
        Assert.Equal(200, realisticTool);
        Assert.All(Data(tools)["prompts"]!.AsArray(), p => Assert.False((bool)p!["generative"]!));
    }

    [Fact]
    public async Task Finalize_returns_the_latest_versions_upscaled_and_untouched_images_as_exported()
    {
        string project = await Client.ExportedProjectAsync();
        var (_, exportLinks) = await Client.GetAsync($"projects/{project}/export/get_temporary_download_links");
        var names = Data(exportLinks)["files_list"]!.AsArray().Select(f => (string)f!["file_name"]!).ToList();
        var (_, v1) = await CopilotAsync(project, names[0], "brighter");
        await CopilotAsync(project, names[0], "black and white", parent: (int)Data(v1)["version_id"]!);

        var (status, body) = await Client.PostAsync($"projects/{project}/finalize", new { project_source = "REGULAR" });

        Assert.Equal(200, status);
        var files = Data(body)["files_list"]!.AsArray().ToDictionary(f => (string)f!["file_name"]!, f => (string)f!["download_link"]!);
        Assert.Equal(names.Order(), files.Keys.Order());
        byte[] enhanced = await Client.Plain.GetByteArrayAsync(files[names[0]]);
        byte[] exported = await ExportedAsync(project, names[0]);
        var enhancedSize = JpegCodec.TryReadSize(new MemoryStream(enhanced))!.Value;
        var exportedSize = JpegCodec.TryReadSize(new MemoryStream(exported))!.Value;
        Assert.Equal((exportedSize.Width * 2, exportedSize.Height * 2), enhancedSize);
        Assert.True(JpegCodec.Measure(new MemoryStream(enhanced)).MeanSaturation < 0.02, "the final image is the black-and-white version");
        Assert.Equal(await ExportedAsync(project, names[1]), await Client.Plain.GetByteArrayAsync(files[names[1]]));
    }

    [Fact]
    public async Task Smart_editing_projects_use_project_source_i2i_and_must_be_completed()
    {
        string pending = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(pending, 5);
        string done = await Client.CompletedSmartProjectAsync(5);

        var (notDone, notDoneBody) = await CopilotAsync(pending, "shot_01.jpg", "brighter", source: "I2I");
        var (wrongSource, _) = await CopilotAsync(done, "shot_01.jpg", "brighter", source: "REGULAR");
        var (ok, result) = await CopilotAsync(done, "shot_01.jpg", "brighter", source: "I2I");
        var (tools, _) = await Client.GetAsync($"projects/{done}/ai-tools?project_source=I2I");
        var (finalized, links) = await Client.PostAsync($"projects/{done}/finalize", new { project_source = "I2I" });

        Assert.Equal(400, notDone);
        Assert.Contains("has not completed", notDoneBody!.ToJsonString());
        Assert.Equal(404, wrongSource);
        Assert.Equal(200, ok);
        Assert.True(JpegCodec.IsDecodableJpeg(await Client.Plain.GetByteArrayAsync((string)Data(result)["enhanced_image_url"]!)));
        Assert.Equal(200, tools);
        Assert.Equal(200, finalized);
        Assert.Equal(5, Data(links)["files_list"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_export_upload_link_replaces_an_exported_image()
    {
        string project = await Client.ExportedProjectAsync(export: false);
        var (early, earlyBody) = await Client.GetAsync($"projects/{project}/export/get_upload_link?file_name=x.jpg");
        Assert.Equal(400, early);
        Assert.Equal("Project has not been exported yet.", (string)earlyBody!["error"]!["message"]!);
        Assert.Equal(200, (await Client.PostAsync($"projects/{project}/export")).Status);
        await Client.WaitAsync(project, "export");
        string image = await FirstImageAsync(project);
        byte[] replacement = await File.ReadAllBytesAsync(TestPhotos.Jpeg[3]);

        var (status, body) = await Client.GetAsync($"projects/{project}/export/get_upload_link?file_name={image}");
        using var put = await Client.PutAsync((string)Data(body)["upload_link"]!, replacement);
        var (notJpeg, _) = await Client.GetAsync($"projects/{project}/export/get_upload_link?file_name=x.nef");

        Assert.Equal(200, status);
        Assert.Equal(image, (string)Data(body)["file_name"]!);
        Assert.Equal(System.Net.HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(replacement, await ExportedAsync(project, image));
        Assert.Equal(400, notJpeg);
    }
}
