using System.Net;
using System.Text.Json.Nodes;
using Imagen.Emulator.Artifacts;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Smart Editing projects (§3.10, issue #9 point 1): routes, JPEG-only, five images, status, outputs, billing, callback.</summary>
public sealed class SmartEditingTests : EmulatorTestBase
{
    private static JsonNode Data(JsonNode? body) => EmulatorClient.Data(body);

    [Fact]
    public async Task Both_path_spellings_create_and_list_and_the_families_do_not_mix()
    {
        var (slash, a) = await Client.PostAsync("i2i/projects/", new { name = "smart-a" });
        var (bare, b) = await Client.PostAsync("i2i/projects", new { name = "smart-b" });
        var (_, regular) = await Client.PostAsync("projects/", new { name = "smart-a" }); // same name, other family: allowed
        var (dup, dupBody) = await Client.PostAsync("i2i/projects", new { name = "smart-a" });

        var (_, listed) = await Client.GetAsync("i2i/projects?size=10&page=0&is_archived=false");
        var (_, listedSlash) = await Client.GetAsync("i2i/projects/");
        var (_, regularList) = await Client.GetAsync("projects");

        Assert.Equal(200, slash);
        Assert.Equal(200, bare);
        Assert.Equal(400, dup);
        Assert.Contains("already exists", dupBody!.ToJsonString());
        var smartIds = new[] { (string)Data(b)["project_uuid"]!, (string)Data(a)["project_uuid"]! };
        Assert.Equal(smartIds, Data(listed)["projects"]!.AsArray().Select(p => (string)p!["project_uuid"]!));
        Assert.Equal(2, (int)Data(listedSlash)["pagination"]!["total"]!);
        Assert.Equal([(string)Data(regular)["project_uuid"]!], Data(regularList)["projects"]!.AsArray().Select(p => (string)p!["project_uuid"]!));
        // A Smart Editing project is not a regular project, and the other way round.
        Assert.Equal(404, (await Client.GetAsync($"projects/{smartIds[0]}")).Status);
        Assert.Equal(404, (await Client.GetAsync($"i2i/projects/{(string)Data(regular)["project_uuid"]!}")).Status);
    }

    [Fact]
    public async Task Is_valid_name_says_false_for_a_taken_or_blank_name()
    {
        await Client.CreateSmartProjectAsync("taken");

        var (_, taken) = await Client.GetAsync("i2i/projects/is_valid_name?name=taken");
        var (_, free) = await Client.GetAsync("i2i/projects/is_valid_name?name=free");
        var (_, blank) = await Client.GetAsync("i2i/projects/is_valid_name?name=%20");
        var (missing, _) = await Client.GetAsync("i2i/projects/is_valid_name");

        Assert.False((bool)Data(taken)["is_valid"]!);
        Assert.True((bool)Data(free)["is_valid"]!);
        Assert.False((bool)Data(blank)["is_valid"]!);
        Assert.Equal(422, missing);
    }

    [Fact]
    public async Task Only_jpegs_are_accepted_and_the_single_upload_link_uploads_one_file()
    {
        string project = await Client.CreateSmartProjectAsync();

        var (rawStatus, rawBody) = await Client.PostAsync($"i2i/projects/{project}/get_temporary_upload_links",
            new { files_list = new[] { new { file_name = "a.jpg" }, new { file_name = "b.NEF" } }, client_type = "API" });
        var (singleRaw, _) = await Client.GetAsync($"i2i/projects/{project}/get_upload_link?file_name=c.cr2");
        var (single, singleBody) = await Client.GetAsync($"i2i/projects/{project}/get_upload_link?file_name=one.jpeg");
        using var put = await Client.PutAsync((string)Data(singleBody)["upload_link"]!, await File.ReadAllBytesAsync(TestPhotos.Jpeg[0]));
        var (_, got) = await Client.GetAsync($"i2i/projects/{project}?get_thumbnail=false");

        Assert.Equal(400, rawStatus);
        Assert.Contains("b.NEF", rawBody!.ToJsonString());
        Assert.Contains("JPEG", rawBody.ToJsonString());
        Assert.Equal(400, singleRaw);
        Assert.Equal(200, single);
        Assert.Equal("one.jpeg", (string)Data(singleBody)["file_name"]!);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(1, (int)Data(got)["number_of_images"]!);
        Assert.Equal("Pending", (string)Data(got)["status"]!);
    }

    [Fact]
    public async Task Edit_needs_five_images_and_is_not_billed_when_refused()
    {
        string project = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(project, 4);

        var (status, body) = await Client.PostAsync($"i2i/projects/{project}/edit", new { hdr_merge = true });

        Assert.Equal(400, status);
        Assert.Contains("at least 5", body!.ToJsonString());
        Assert.Contains("has 4", body.ToJsonString());
        Assert.Equal(0, Server.BillableEdits(project));
    }

    [Fact]
    public async Task Status_runs_pending_in_progress_completed_and_outputs_are_finished_jpegs_billed_once()
    {
        Server.Update(o => o.SecondsPerPhoto = 0.1);
        string project = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(project, 5);
        var (_, before) = await Client.GetAsync($"i2i/projects/{project}");
        var (early, _) = await Client.GetAsync($"i2i/projects/{project}/get_temporary_download_links");

        var (status, ack) = await Client.PostAsync($"i2i/projects/{project}/edit",
            new { hdr_merge = false, sky_replacement = true, sky_replacement_template_id = 2, perspective_correction = true });
        var (again, _) = await Client.PostAsync($"i2i/projects/{project}/edit", new { });
        var seen = await Client.WaitSmartAsync(project);
        var (_, after) = await Client.GetAsync($"i2i/projects/{project}");
        var (_, links) = await Client.GetAsync($"i2i/projects/{project}/get_temporary_download_links");
        var (_, one) = await Client.GetAsync($"i2i/projects/{project}/get_download_link?file_name=shot_03.jpg");
        var (unknown, _) = await Client.GetAsync($"i2i/projects/{project}/get_download_link?file_name=nope.jpg");

        Assert.Equal("Pending", (string)Data(before)["status"]!);
        Assert.Equal(5, (int)Data(before)["number_of_images"]!);
        Assert.Equal(400, early);
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty((string?)Data(ack)["message"]));
        Assert.Equal(409, again);
        Assert.Contains("In Progress", seen);
        Assert.Equal("Completed", seen[^1]);
        Assert.Equal(["perspective_correction", "sky_replacement"], Data(after)["ai_tools"]!.AsArray().Select(t => (string)t!).Order());
        var files = Data(links)["files_list"]!.AsArray();
        Assert.Equal(SmartEditKit.Jpegs(5).Select(j => j.Name).Order(), files.Select(f => (string)f!["file_name"]!).Order());
        foreach (var file in files)
        {
            byte[] jpeg = await Client.Plain.GetByteArrayAsync((string)file!["download_link"]!);
            Assert.True(JpegCodec.IsDecodableJpeg(jpeg), $"{file["file_name"]} is not a JPEG");
        }
        Assert.Equal("shot_03.jpg", (string)Data(one)["file_name"]!);
        Assert.NotNull((string?)Data(one)["download_link"]);
        Assert.Equal(404, unknown);
        Assert.Equal(1, Server.BillableEdits(project));
        Assert.Equal(1, Server.TotalBillableEdits);
    }

    [Fact]
    public async Task The_edit_options_are_validated()
    {
        string project = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(project, 5);

        var (badType, _) = await Client.PostAsync($"i2i/projects/{project}/edit", new { hdr_merge = "sometimes" });
        var (badUrl, _) = await Client.PostAsync($"i2i/projects/{project}/edit", new { callback_url = "ftp://x" });
        var (badTemplate, _) = await Client.PostAsync($"i2i/projects/{project}/edit", new { sky_replacement = true, sky_replacement_template_id = 99 });

        Assert.Equal(422, badType);
        Assert.Equal(422, badUrl);
        Assert.Equal(400, badTemplate);
        Assert.Equal(0, Server.BillableEdits(project));
    }

    [Fact]
    public async Task A_fail_fault_ends_the_project_failed()
    {
        Server.Update(o => o.Faults = [new Faults.FaultRule { Route = "i2i.edit", Kind = "fail" }]);
        string project = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(project, 5);

        await Client.PostAsync($"i2i/projects/{project}/edit", new { });

        Assert.Equal("Failed", (await Client.WaitSmartAsync(project))[^1]);
        Assert.Equal(400, (await Client.GetAsync($"i2i/projects/{project}/get_temporary_download_links")).Status);
    }

    [Fact]
    public async Task The_callback_goes_out_once_with_a_content_length()
    {
        await using var listener = await CallbackListener.StartAsync();
        string project = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(project, 5);

        await Client.PostAsync($"i2i/projects/{project}/edit", new { callback_url = listener.Url.ToString() });
        await Client.WaitSmartAsync(project);
        for (int i = 0; i < 200 && listener.Received.IsEmpty; i++) await Task.Delay(20);

        var (path, body, apiKey) = Assert.Single(listener.Received);
        var (length, transferEncoding) = Assert.Single(listener.Framing);
        Assert.Equal("/hook/s3cr3t-token", path);
        Assert.Null(apiKey);
        Assert.Equal(project, (string)body!["project_uuid"]!);
        Assert.Equal("Completed", (string)body["status"]!);
        Assert.Equal(body.ToJsonString().Length, length);
        Assert.Null(transferEncoding);
    }

    [Fact]
    public async Task Files_cannot_be_added_once_sent_to_edit()
    {
        Server.Update(o => o.SecondsPerPhoto = 0.2);
        string project = await Client.CreateSmartProjectAsync();
        await Client.UploadJpegsAsync(project, 5);
        await Client.PostAsync($"i2i/projects/{project}/edit", new { });

        var (batch, _) = await Client.PostAsync($"i2i/projects/{project}/get_temporary_upload_links", new { files_list = new[] { new { file_name = "late.jpg" } } });
        var (single, _) = await Client.GetAsync($"i2i/projects/{project}/get_upload_link?file_name=late.jpg");
        var (multipart, _) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads", new { file_name = "late.jpg", part_count = 1 });

        Assert.Equal(400, batch);
        Assert.Equal(400, single);
        Assert.Equal(400, multipart);
    }
}
