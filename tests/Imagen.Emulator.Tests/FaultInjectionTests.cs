using System.Net;
using Imagen.Emulator.Faults;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Each fault kind, per route, deterministic under a seed and switchable at runtime (issue #3 point 5).</summary>
public sealed class FaultInjectionTests : EmulatorTestBase
{
    private async Task<int> ProfilesStatusAsync()
    {
        using var response = await Client.Api.GetAsync("profiles/");
        return (int)response.StatusCode;
    }

    [Fact]
    public async Task Rate_limit_answers_429_with_retry_after_the_given_number_of_times()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "profiles", Kind = "429", Times = 2, RetryAfterSeconds = 3 }]);

        using var first = await Client.Api.GetAsync("profiles/");
        var body = await EmulatorClient.ReadJsonAsync(first);
        int second = await ProfilesStatusAsync(), third = await ProfilesStatusAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(3), first.Headers.RetryAfter?.Delta);
        Assert.Contains("retry after 3 s", (string)body!["detail"]!);
        Assert.Equal(429, second);
        Assert.Equal(200, third);
    }

    [Theory]
    [InlineData("500")]
    [InlineData("503")]
    public async Task Server_errors_hit_only_the_named_route(string kind)
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "edit.status", Kind = kind, Times = 1 }]);
        string project = await Client.CreateProjectAsync();

        var (status, _) = await Client.GetAsync($"projects/{project}/edit/status");
        var (again, _) = await Client.GetAsync($"projects/{project}/edit/status");

        Assert.Equal(int.Parse(kind), status);
        Assert.Equal(200, again);
        Assert.Equal(200, await ProfilesStatusAsync());
    }

    [Fact]
    public async Task Skip_lets_requests_through_before_the_rule_fires()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "profiles", Kind = "503", Skip = 1, Times = 1 }]);

        int[] statuses = [await ProfilesStatusAsync(), await ProfilesStatusAsync(), await ProfilesStatusAsync()];

        Assert.Equal([200, 503, 200], statuses);
    }

    [Fact]
    public async Task A_dropped_api_response_breaks_off_mid_body_and_is_journaled_as_status_0()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "profiles", Kind = "drop", Times = 1 }]);

        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await Client.Api.GetAsync("profiles/");
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.IsAssignableFrom<HttpRequestException>(error);
        Assert.Equal(200, await ProfilesStatusAsync());
        await Task.Delay(100);
        Assert.Equal(0, Server.Journal.First(e => e.Route == "profiles").Status);
    }

    [Fact]
    public async Task A_dropped_edit_response_still_started_the_edit_once()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "edit", Kind = "drop", Times = 1 }]);
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));

        var error = await Record.ExceptionAsync(() => Client.EditAsync(project, new { profile_key = 5700 }));
        var seen = await Client.WaitAsync(project);

        Assert.IsAssignableFrom<HttpRequestException>(error);
        Assert.Equal("Completed", (string)seen[^1]["status"]!);
        Assert.Equal(1, Server.BillableEdits(project));
    }

    [Fact]
    public async Task A_dropped_upload_stores_nothing_and_a_retry_succeeds()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "storage.put", Kind = "drop", Times = 1 }]);
        string project = await Client.CreateProjectAsync();
        var links = await Client.UploadLinksAsync(project, ("a.jpg", null));
        byte[] photo = await File.ReadAllBytesAsync(TestPhotos.Jpeg[0]);

        var error = await Record.ExceptionAsync(() => Client.PutAsync(links["a.jpg"], photo));
        var stateAfterDrop = (await Client.AdminGetAsync("projects")).AsArray().Single()!["files"]![0]!;
        using var retry = await Client.PutAsync(links["a.jpg"], photo);

        Assert.IsAssignableFrom<HttpRequestException>(error);
        Assert.False((bool)stateAfterDrop["uploaded"]!);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
    }

    [Fact]
    public async Task A_dropped_download_delivers_part_of_the_file_then_fails()
    {
        string link = await EditedJpegLinkAsync();
        Server.Update(o => o.Faults = [new FaultRule { Route = "storage.get", Kind = "drop", Times = 1 }]);

        using var response = await Client.Plain.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
        var error = await Record.ExceptionAsync(() => response.Content.ReadAsByteArrayAsync());
        byte[] whole = await Client.Plain.GetByteArrayAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(whole.Length, response.Content.Headers.ContentLength);
        Assert.IsAssignableFrom<HttpRequestException>(error);
    }

    [Fact]
    public async Task A_stalled_download_sends_half_the_file_then_hangs_until_the_client_gives_up()
    {
        string link = await EditedJpegLinkAsync();
        Server.Update(o => o.Faults = [new FaultRule { Route = "storage.get", Kind = "stall", Times = 1 }]);

        var response = await Client.Plain.GetAsync(link, HttpCompletionOption.ResponseHeadersRead);
        long length = response.Content.Headers.ContentLength!.Value;
        var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[64 * 1024];
        long received = 0;
        while (received < length / 2)
        {
            int n = await body.ReadAsync(buffer);
            Assert.True(n > 0, $"the body ended after {received} of {length} bytes instead of stalling");
            received += n;
        }
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var stalled = await Record.ExceptionAsync(async () => await body.ReadAtLeastAsync(buffer, 1, cancellationToken: patience.Token));
        response.Dispose(); // the client gives up and closes the connection
        var entry = await JournalEntryAsync("storage.get");
        byte[] whole = await Client.Plain.GetByteArrayAsync(link);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(length / 2, received);
        Assert.IsAssignableFrom<OperationCanceledException>(stalled);
        Assert.Equal(0, entry.Status);
        Assert.True(entry.DurationMs < 30_000, $"the stall outlived its client: {entry.DurationMs} ms");
        Assert.Equal(length, whole.Length);
    }

    [Fact]
    public async Task A_stall_ends_by_itself_after_stall_seconds()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "profiles", Kind = "stall", StallSeconds = 1, Times = 1 }]);

        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await Client.Api.GetAsync("profiles/");
            await response.Content.ReadAsByteArrayAsync();
        });

        Assert.IsAssignableFrom<HttpRequestException>(error);
        var entry = await JournalEntryAsync("profiles");
        Assert.Equal(0, entry.Status);
        Assert.InRange(entry.DurationMs, 1000, 10_000);
    }

    /// <summary>Edits one JPEG and returns the download link of its result.</summary>
    private async Task<string> EditedJpegLinkAsync()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(1));
        await Client.EditAsync(project, new { profile_key = 29132 });
        await Client.WaitAsync(project);
        var (_, links) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        return (string)EmulatorClient.Data(links)["files_list"]![0]!["download_link"]!;
    }

    /// <summary>The journal records a request when it has finished on the server, which may be just after the client saw it end.</summary>
    private async Task<Journal.JournalEntry> JournalEntryAsync(string route)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline; await Task.Delay(20))
        {
            if (Server.Journal.FirstOrDefault(e => e.Route == route) is { } entry) return entry;
        }
        throw new Xunit.Sdk.XunitException($"the server never finished the {route} request");
    }

    [Fact]
    public async Task Storage_faults_answer_in_s3_xml()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "storage.*", Kind = "429", RetryAfterSeconds = 2 }]);
        string project = await Client.CreateProjectAsync();
        var links = await Client.UploadLinksAsync(project, ("a.jpg", null));

        using var response = await Client.PutAsync(links["a.jpg"], [1, 2, 3]);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("<Code>SlowDown</Code>", await response.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Latency_delays_the_response_and_lets_it_through()
    {
        Server.Update(o => o.Faults = [new FaultRule { Route = "profiles", Kind = "latency", LatencyMilliseconds = 400 }]);

        int status = await ProfilesStatusAsync();

        Assert.Equal(200, status);
        Assert.True(Server.Journal.Single(e => e.Route == "profiles").DurationMs >= 400);
    }

    [Fact]
    public async Task Probabilistic_faults_repeat_exactly_under_the_same_seed()
    {
        async Task<string> RunAsync(int seed)
        {
            await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
            {
                Seed = seed,
                Faults = [new FaultRule { Route = "profiles", Kind = "503", Probability = 0.5 }],
            });
            using var client = new EmulatorClient(server);
            var statuses = new List<int>();
            for (int i = 0; i < 24; i++)
            {
                using var response = await client.Api.GetAsync("profiles");
                statuses.Add((int)response.StatusCode);
            }
            return string.Join(",", statuses);
        }

        string first = await RunAsync(42), second = await RunAsync(42), other = await RunAsync(43);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Contains("503", first);
        Assert.Contains("200", first);
    }

    [Fact]
    public async Task Faults_can_be_switched_on_and_off_over_the_admin_endpoint()
    {
        using var put = await Client.AdminSendAsync(HttpMethod.Put, "faults", new[] { new { route = "profiles", kind = "503" } });
        int during = await ProfilesStatusAsync();
        var listed = await Client.AdminGetAsync("faults");
        using var delete = await Client.AdminSendAsync(HttpMethod.Delete, "faults");
        int after = await ProfilesStatusAsync();
        using var post = await Client.AdminSendAsync(HttpMethod.Post, "faults", new { route = "profiles", kind = "500", times = 1 });
        int added = await ProfilesStatusAsync();
        using var bad = await Client.AdminSendAsync(HttpMethod.Post, "faults", new { route = "profiles", kind = "explode" });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(503, during);
        Assert.Equal(1, (int)listed[0]!["fired"]!);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(200, after);
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(500, added);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("explode", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tamper_name_sends_a_path_traversal_file_name()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Raw.Take(1));
        await Client.EditAsync(project, new { profile_key = 5700 });
        await Client.WaitAsync(project);
        Server.Update(o => o.Faults = [new FaultRule { Route = "edit.links", Kind = "tamper-name", Times = 1 }]);

        var (_, tampered) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        var (_, honest) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");

        Assert.StartsWith("../", (string)EmulatorClient.Data(tampered)["files_list"]![0]!["file_name"]!);
        Assert.DoesNotContain("/", (string)EmulatorClient.Data(honest)["files_list"]![0]!["file_name"]!);
    }

    [Fact]
    public async Task Tamper_name_takes_a_pattern()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(1));
        await Client.EditAsync(project, new { profile_key = 29132 });
        await Client.WaitAsync(project);
        using var put = await Client.AdminSendAsync(HttpMethod.Put, "faults", new[] { new { route = "edit.links", kind = "tamper-name", tamperPattern = @"C:\Windows\{name}" } });

        var (_, tampered) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(@"C:\Windows\" + Path.GetFileName(TestPhotos.Jpeg[0]), (string)EmulatorClient.Data(tampered)["files_list"]![0]!["file_name"]!);
    }
}
