using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>/edit validation, the status lifecycle, links and the billable-edit counter (§3.4-§3.6, §5, issue #3 point 3).</summary>
public sealed class EditLifecycleTests : EmulatorTestBase
{
    private async Task<JsonNode> StatusAsync(string project, string kind = "edit") =>
        EmulatorClient.Data((await Client.GetAsync($"projects/{project}/{kind}/status")).Body);

    [Fact]
    public async Task Status_goes_pending_then_in_progress_with_rising_progress_then_completed()
    {
        Server.Update(o => o.SecondsPerPhoto = 0.3);
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(3));
        var pending = await StatusAsync(project);

        var (status, ack) = await Client.EditAsync(project, new { profile_key = 5700, photography_type = "WEDDING", crop = true });
        var seen = await Client.WaitAsync(project);

        Assert.Equal("Pending", (string)pending["status"]!);
        Assert.Null(pending["progress"]);
        Assert.Equal(200, status);
        Assert.Equal("Project sent to edit", (string)EmulatorClient.Data(ack)["message"]!);
        var running = seen.Where(s => (string)s["status"]! == "In Progress").Select(s => (double)s["progress"]!).ToList();
        Assert.True(running.Distinct().Count() >= 3, $"progress values seen: {string.Join(", ", running)}");
        Assert.Equal(running.Order(), running);
        Assert.All(running, p => Assert.InRange(p, 0, 99.9));
        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        Assert.Equal(100, (double)seen[^1]["progress"]!);
        Assert.Null(seen[^1]["details"]);
    }

    [Fact]
    public async Task Completed_edit_links_name_the_outputs_per_input_type()
    {
        var raws = TestPhotos.Raw.Take(3).ToList();
        string project = await Client.CreateProjectWithFilesAsync(raws);
        await Client.EditAsync(project, new { profile_key = 5700 });
        await Client.WaitAsync(project);

        var (status, body) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");

        Assert.Equal(200, status);
        var names = EmulatorClient.Data(body)["files_list"]!.AsArray().Select(f => (string)f!["file_name"]!).Order().ToList();
        var expected = raws.Select(Path.GetFileName).Select(n => n!.EndsWith(".dng", StringComparison.OrdinalIgnoreCase)
            ? n : Path.ChangeExtension(n, ".xmp")).Order().ToList();
        Assert.Equal(expected, names);
        var xmpLink = (string)EmulatorClient.Data(body)["files_list"]!.AsArray().First(f => ((string)f!["file_name"]!).EndsWith(".xmp"))!["download_link"]!;
        string xmp = await Client.Plain.GetStringAsync(xmpLink);
        Assert.Contains("crs:", xmp);
    }

    [Fact]
    public async Task A_second_edit_is_rejected_and_not_billed_while_running_or_after_completion()
    {
        Server.Update(o => o.SecondsPerPhoto = 0.5);
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(2));
        var (first, _) = await Client.EditAsync(project, new { profile_key = 5700 });

        var (whileRunning, runningBody) = await Client.EditAsync(project, new { profile_key = 5700 });
        await Client.WaitAsync(project);
        var (afterwards, doneBody) = await Client.EditAsync(project, new { profile_key = 5700 });

        Assert.Equal(200, first);
        Assert.Equal(409, whileRunning);
        Assert.Equal("Project is already being edited.", (string)runningBody!["detail"]!);
        Assert.Equal(409, afterwards);
        Assert.Equal("Project has already been edited.", (string)doneBody!["detail"]!);
        Assert.Equal(1, Server.BillableEdits(project));
        var billing = await Client.AdminGetAsync("billable-edits");
        Assert.Equal(1, (int)billing["projects"]![project]!);
        Assert.Equal(1, (int)billing["total"]!);
    }

    [Fact]
    public async Task Rejected_edits_explain_themselves_and_bill_nothing()
    {
        string empty = await Client.CreateProjectAsync();
        string jpegs = await Client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(2));
        string mixed = await Client.CreateProjectWithFilesAsync([TestPhotos.Raw[0], TestPhotos.Jpeg[0]]);
        string odd = await Client.CreateProjectAsync();
        var link = await Client.UploadLinksAsync(odd, ("notes.txt", null));
        (await Client.PutAsync(link["notes.txt"], "hello"u8.ToArray())).Dispose();

        var unknownProfile = await Client.EditAsync(jpegs, new { profile_key = 999999 });
        var noFiles = await Client.EditAsync(empty, new { profile_key = 5700 });
        var rawProfileOnJpegs = await Client.EditAsync(jpegs, new { profile_key = 5700 });
        var jpgProfileOnRaw = await Client.EditAsync(mixed, new { profile_key = 29132 });
        var unsupported = await Client.EditAsync(odd, new { profile_key = 5700 });
        var unknownTemplate = await Client.EditAsync(jpegs, new { profile_key = 29132, sky_replacement = true, sky_replacement_template_id = 77 });

        Assert.Equal(400, unknownProfile.Status);
        Assert.Contains("999999", (string)unknownProfile.Body!["detail"]!);
        Assert.Equal(400, noFiles.Status);
        Assert.Contains("No files have been uploaded", (string)noFiles.Body!["detail"]!);
        var jpegNames = TestPhotos.Jpeg.Take(2).Select(Path.GetFileName).Select(n => $"'{n}'");
        Assert.Equal($"RAW profile cannot be used with JPG files: [{string.Join(", ", jpegNames)}]", (string)rawProfileOnJpegs.Body!["detail"]!);
        string raw = Path.GetFileName(TestPhotos.Raw[0]), jpeg = Path.GetFileName(TestPhotos.Jpeg[0]);
        Assert.Equal($"JPG profile cannot be used with RAW files: ['{raw}'] Cannot mix RAW and JPG files in the same project: RAW ['{raw}'], JPG ['{jpeg}']",
            (string)jpgProfileOnRaw.Body!["detail"]!);
        Assert.Equal("RAW profile cannot be used with unsupported files: ['notes.txt']", (string)unsupported.Body!["detail"]!);
        Assert.Equal(400, unknownTemplate.Status);
        Assert.Equal(0, Server.TotalBillableEdits);
        foreach (string p in new[] { empty, jpegs, mixed, odd })
            Assert.Equal("Pending", (string)(await StatusAsync(p))["status"]!);
    }

    [Fact]
    public async Task Bad_values_are_422_with_fastapi_detail_in_the_detail_dialect()
    {
        Server.Update(o => o.ErrorDialect = "detail");
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        var (status, body) = await Client.EditAsync(project, new { profile_key = 5700, photography_type = "WEDDINGS", crop_aspect_ratio = "16:9", crop = "yes" });
        var (missing, missingBody) = await Client.EditAsync(project, new { crop = true });

        Assert.Equal(422, status);
        var issues = body!["detail"]!.AsArray();
        Assert.Equal(["photography_type", "crop", "crop_aspect_ratio"],
            issues.Select(i => (string)i!["loc"]![1]!).ToList());
        Assert.All(issues, i => Assert.Equal("body", (string)i!["loc"]![0]!));
        Assert.Contains("'WEDDING'", (string)issues[0]!["msg"]!);
        Assert.Equal(422, missing);
        Assert.Equal("missing", (string)missingBody!["detail"]![0]!["type"]!);
        Assert.Equal(0, Server.TotalBillableEdits);
    }

    [Fact]
    public async Task Bad_values_are_one_message_in_the_error_dialect()
    {
        Server.Update(o => o.ErrorDialect = "error");
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        var (status, body) = await Client.EditAsync(project, new { profile_key = 5700, hdr_output_compression = "ZIP" });

        Assert.Equal(422, status);
        Assert.Equal("hdr_output_compression: Input should be 'LOSSY' or 'LOSSLESS'.", (string)body!["error"]!["message"]!);
        Assert.Null(body["detail"]);
    }

    [Fact]
    public async Task A_numeric_string_profile_key_nulls_and_unknown_fields_are_accepted()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        var (status, _) = await Client.EditAsync(project, new
        {
            profile_key = "5700", photography_type = (string?)null, crop = false, straighten = (bool?)null,
            hdr_output_compression = (string?)null, callback_url = (string?)null, some_future_flag = true,
        });

        Assert.Equal(200, status);
        Assert.Equal("Completed", (string)(await Client.WaitAsync(project))[^1]["status"]!);
    }

    [Fact]
    public async Task Strict_mode_rejects_conflicting_options_and_a_json_content_type()
    {
        Server.Update(o => o.Strict = true);
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));
        using var json = new StringContent("""{"profile_key":5700}""", Encoding.UTF8, "application/json");

        var crops = await Client.EditAsync(project, new { profile_key = 5700, crop = true, portrait_crop = true });
        var levels = await Client.EditAsync(project, new { profile_key = 5700, straighten = true, perspective_correction = true });
        using var typed = await Client.Api.PostAsync($"projects/{project}/edit", json);

        Assert.Equal(400, crops.Status);
        Assert.Equal("Only one of crop, headshot_crop, or portrait_crop can be set to True.", (string)crops.Body!["detail"]!);
        Assert.Equal("Only one of straighten or perspective_correction can be set to True.", (string)levels.Body!["detail"]!);
        Assert.Equal(415, (int)typed.StatusCode);
        Assert.Equal(0, Server.TotalBillableEdits);
    }

    [Fact]
    public async Task Lenient_mode_accepts_conflicting_options_and_a_json_content_type()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));
        using var json = new StringContent("""{"profile_key":5700,"crop":true,"headshot_crop":true}""", Encoding.UTF8, "application/json");

        using var response = await Client.Api.PostAsync($"projects/{project}/edit", json);

        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task Links_before_completion_are_a_400()
    {
        Server.Update(o => o.SecondsPerPhoto = 1);
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));
        var (pending, pendingBody) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        await Client.EditAsync(project, new { profile_key = 5700 });

        var (running, runningBody) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");

        Assert.Equal(400, pending);
        Assert.Contains("not been sent to edit", (string)pendingBody!["detail"]!);
        Assert.Equal(400, running);
        Assert.Contains("still in progress", (string)runningBody!["detail"]!);
    }

    [Fact]
    public async Task Pending_links_can_be_an_empty_list_instead()
    {
        Server.Update(o => { o.PendingLinks = "empty"; o.SecondsPerPhoto = 1; });
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));
        await Client.EditAsync(project, new { profile_key = 5700 });

        var (status, body) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        var (exportStatus, exportBody) = await Client.GetAsync($"projects/{project}/export/get_temporary_download_links");

        Assert.Equal(200, status);
        Assert.Empty(EmulatorClient.Data(body)["files_list"]!.AsArray());
        Assert.Equal(200, exportStatus);
        Assert.Empty(EmulatorClient.Data(exportBody)["files_list"]!.AsArray());
    }

    [Fact]
    public async Task Upper_status_casing_is_the_docs_dialect()
    {
        Server.Update(o => { o.StatusCasing = "upper"; o.SecondsPerPhoto = 0.2; });
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));
        var pending = await StatusAsync(project);

        await Client.EditAsync(project, new { profile_key = 5700 });
        var seen = await Client.WaitAsync(project);

        Assert.Equal("PENDING", (string)pending["status"]!);
        Assert.Contains(seen, s => (string)s["status"]! == "IN PROGRESS");
        Assert.Equal("COMPLETED", (string)seen[^1]["status"]!);
        var (_, listing) = await Client.GetAsync($"projects/{project}");
        Assert.Equal("COMPLETED", (string)EmulatorClient.Data(listing)["status"]!);
    }

    [Fact]
    public async Task Export_needs_a_completed_edit_then_yields_decodable_jpegs_once()
    {
        var jpegs = TestPhotos.Jpeg.Take(2).ToList();
        string project = await Client.CreateProjectWithFilesAsync(jpegs);
        var (early, earlyBody) = await Client.PostAsync($"projects/{project}/export");
        var exportPending = await StatusAsync(project, "export");
        await Client.EditAsync(project, new { profile_key = 29132 });
        await Client.WaitAsync(project);

        var (started, ack) = await Client.PostAsync($"projects/{project}/export", new { });
        var seen = await Client.WaitAsync(project, "export");
        var (again, _) = await Client.PostAsync($"projects/{project}/export");
        var (_, links) = await Client.GetAsync($"projects/{project}/export/get_temporary_download_links");
        string single = Path.GetFileName(jpegs[0]);
        var (oneStatus, one) = await Client.GetAsync($"projects/{project}/export/get_download_link?file_name={Uri.EscapeDataString(single)}");

        Assert.Equal(400, early);
        Assert.Contains("not been edited", (string)earlyBody!["detail"]!);
        Assert.Equal("Pending", (string)exportPending["status"]!);
        Assert.Equal(200, started);
        Assert.Equal(project, (string)EmulatorClient.Data(ack)["project_uuid"]!);
        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        Assert.Equal(409, again);
        var files = EmulatorClient.Data(links)["files_list"]!.AsArray();
        Assert.Equal(jpegs.Select(p => Path.ChangeExtension(Path.GetFileName(p), ".jpg")).Order(), files.Select(f => (string)f!["file_name"]!).Order());
        foreach (var file in files)
        {
            byte[] bytes = await Client.Plain.GetByteArrayAsync((string)file!["download_link"]!);
            Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
        }
        Assert.Equal(200, oneStatus);
        Assert.Equal(Path.ChangeExtension(single, ".jpg"), (string)EmulatorClient.Data(one)["file_name"]!);
        var project_ = (await Client.AdminGetAsync("projects")).AsArray().Single(p => (string)p!["projectUuid"]! == project)!;
        Assert.Equal(1, (int)project_["exports"]!);
        Assert.Equal(1, (int)project_["billableEdits"]!);
    }

    [Fact]
    public async Task Export_true_on_edit_chains_an_export()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(2));

        await Client.EditAsync(project, new { profile_key = 5700, export = true });
        await Client.WaitAsync(project);
        var seen = await Client.WaitAsync(project, "export");

        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        var (_, links) = await Client.GetAsync($"projects/{project}/export/get_temporary_download_links");
        Assert.Equal(2, EmulatorClient.Data(links)["files_list"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_callback_is_posted_once_with_the_documented_payload_and_no_key()
    {
        await using var listener = await CallbackListener.StartAsync();
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        await Client.EditAsync(project, new { profile_key = 5700, callback_url = listener.Url.ToString() });
        await Client.WaitAsync(project);
        await WaitUntilAsync(() => !listener.Received.IsEmpty);
        await Task.Delay(300);

        var (path, body, apiKey) = Assert.Single(listener.Received);
        Assert.Equal("/hook/s3cr3t-token", path);
        Assert.Equal(project, (string)body!["project_uuid"]!);
        Assert.Equal("Completed", (string)body["status"]!);
        Assert.Equal("edit", (string)body["action"]!);
        Assert.Null(apiKey);
    }

    [Fact]
    public async Task A_failing_callback_is_logged_and_recorded_and_the_edit_still_completes()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        await Client.EditAsync(project, new { profile_key = 5700, callback_url = "http://127.0.0.1:1/hook/nobody-listens" });
        var seen = await Client.WaitAsync(project);
        await WaitUntilAsync(async () => (await Client.AdminGetAsync("callbacks")).AsArray().Count > 0);

        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        var attempt = Assert.Single((await Client.AdminGetAsync("callbacks")).AsArray())!;
        Assert.Equal(project, (string)attempt["projectUuid"]!);
        Assert.NotNull((string?)attempt["error"]);
    }

    [Fact]
    public async Task A_fail_fault_ends_the_edit_failed_and_a_retry_is_allowed_and_billed()
    {
        Server.Update(o => o.Faults = [new() { Route = "edit", Kind = "fail", Times = 1 }]);
        await using var listener = await CallbackListener.StartAsync();
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(2));

        await Client.EditAsync(project, new { profile_key = 5700, callback_url = listener.Url.ToString() });
        var failed = await Client.WaitAsync(project);
        var (linksStatus, _) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        var (retry, _) = await Client.EditAsync(project, new { profile_key = 5700 });
        var retried = await Client.WaitAsync(project);
        await WaitUntilAsync(() => !listener.Received.IsEmpty);

        Assert.Equal("Failed", (string)failed[^1]["status"]!);
        Assert.Contains("injected", (string)failed[^1]["details"]!);
        Assert.Equal(400, linksStatus);
        Assert.Equal(200, retry);
        Assert.Equal("Completed", (string)retried[^1]["status"]!);
        Assert.Equal(2, Server.BillableEdits(project));
        Assert.Equal("Failed", (string)listener.Received.Single().Body!["status"]!);
    }

    [Fact]
    public async Task A_photo_that_is_not_what_its_name_says_is_named_in_details_and_the_others_complete()
    {
        string project = await Client.CreateProjectAsync();
        var links = await Client.UploadLinksAsync(project, ("good.jpg", null), ("broken.jpg", null));
        (await Client.PutAsync(links["good.jpg"], await File.ReadAllBytesAsync(TestPhotos.Jpeg[0]))).Dispose();
        (await Client.PutAsync(links["broken.jpg"], "this is not a jpeg"u8.ToArray())).Dispose();

        await Client.EditAsync(project, new { profile_key = 29132 });
        var seen = await Client.WaitAsync(project);

        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        Assert.StartsWith("1 of 2 photo(s) could not be edited: 'broken.jpg'", (string)seen[^1]["details"]!);
        var (_, body) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        Assert.Equal(["good.jpg"], EmulatorClient.Data(body)["files_list"]!.AsArray().Select(f => (string)f!["file_name"]!));
    }

    [Fact]
    public async Task Photos_named_by_fail_photos_are_named_in_details_without_outputs_and_the_others_complete()
    {
        var raws = TestPhotos.Raw.Take(3).ToList();
        string failing = Path.GetFileName(raws[1]);
        Server.Update(o => o.FailPhotos = [failing.ToUpperInvariant()]);
        string project = await Client.CreateProjectWithFilesAsync(raws);

        await Client.EditAsync(project, new { profile_key = 5700 });
        var seen = await Client.WaitAsync(project);

        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        Assert.StartsWith($"1 of 3 photo(s) could not be edited: '{failing}' (", (string)seen[^1]["details"]!);
        var (_, body) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        var outputs = EmulatorClient.Data(body)["files_list"]!.AsArray().Select(f => Path.GetFileNameWithoutExtension((string)f!["file_name"]!)).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.DoesNotContain(Path.GetFileNameWithoutExtension(failing), outputs);
    }

    [Fact]
    public async Task Billed_photos_are_counted_per_project_and_in_total_and_a_rejected_edit_bills_none()
    {
        var raws = TestPhotos.Raw.Take(2).ToList();
        string first = await Client.CreateProjectWithFilesAsync(raws);
        string second = await Client.CreateProjectWithFilesAsync(raws.Take(1));
        await Client.EditAsync(first, new { profile_key = 5700 });
        await Client.WaitAsync(first);
        var (rejected, _) = await Client.EditAsync(first, new { profile_key = 5700 });
        await Client.EditAsync(second, new { profile_key = 5700 });
        await Client.WaitAsync(second);

        var billed = await Client.AdminGetAsync("billed-photos");

        Assert.Equal(409, rejected);
        Assert.Equal(3, (int)billed["total"]!);
        Assert.Equal(raws.Select(Path.GetFileName).Order(), billed["projects"]![first]!["photos"]!.AsArray().Select(n => (string)n!).Order());
        Assert.Equal(2, (int)billed["projects"]![first]!["count"]!);
        Assert.Equal(1, (int)billed["projects"]![second]!["count"]!);
        Assert.Equal(3, Server.TotalBilledPhotos);
        Assert.Equal([Path.GetFileName(raws[0])], Server.BilledPhotos(second));
    }

    [Fact]
    public async Task The_listing_shows_images_profile_and_tools_after_an_edit()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(2));

        await Client.EditAsync(project, new { profile_key = 5700, crop = true, smooth_skin = true });
        await Client.WaitAsync(project);
        var (_, body) = await Client.GetAsync($"projects/{project}");

        var item = EmulatorClient.Data(body);
        Assert.Equal(2, (int)item["number_of_images"]!);
        Assert.Equal("CLEAN & CRISP", (string)item["profile"]!);
        Assert.Equal(["crop", "smooth_skin"], item["ai_tools"]!.AsArray().Select(t => (string)t!));
        Assert.Equal("Completed", (string)item["status"]!);
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("condition not met in 20 s");
            await Task.Delay(25);
        }
    }
}
