using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Imagen.Emulator.Projects;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Multipart uploads to Smart Editing projects (§4.4, issue #9 point 1): create, parts, complete, abort, journal.</summary>
public sealed class MultipartUploadTests : EmulatorTestBase
{
    private const int MiB = 1024 * 1024;

    private static JsonNode Data(JsonNode? body) => EmulatorClient.Data(body);

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private async Task<(string UploadId, string Key, List<string> Urls)> CreateAsync(string project, string fileName, int parts)
    {
        var (status, body) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads", new { file_name = fileName, part_count = parts });
        Assert.True(status == 200, $"create multipart: {status} {body?.ToJsonString()}");
        var data = Data(body);
        var list = data["parts"]!.AsArray();
        Assert.Equal(Enumerable.Range(1, parts), list.Select(p => (int)p!["part_number"]!));
        return ((string)data["upload_id"]!, (string)data["key"]!, list.Select(p => (string)p!["upload_url"]!).ToList());
    }

    private ProjectFile StoredFile(string project, string fileName)
    {
        var store = Server.Services.GetRequiredService<ProjectStore>();
        var p = store.Find(project, ProjectFamily.SmartEdit)!;
        lock (p.Gate) return p.Files[fileName];
    }

    [Fact]
    public async Task Parts_sent_out_of_order_are_assembled_in_order_and_each_is_journalled()
    {
        string project = await Client.CreateSmartProjectAsync();
        byte[] whole = Bytes(2 * 5 * MiB + 12345, seed: 1);
        var (uploadId, key, urls) = await CreateAsync(project, "big.jpg", 3);
        var chunks = new[] { whole[..(5 * MiB)], whole[(5 * MiB)..(10 * MiB)], whole[(10 * MiB)..] };

        foreach (int i in new[] { 2, 0, 1 })
        {
            using var put = await Client.PutAsync(urls[i], chunks[i]);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(chunks[i]))}\"", put.Headers.ETag!.Tag);
        }
        var (status, body) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}/complete", new { file_name = "big.jpg" });

        Assert.Equal(200, status);
        Assert.Equal(key, (string)Data(body)["key"]!);
        Assert.EndsWith("-3\"", (string)Data(body)["etag"]!);
        var stored = StoredFile(project, "big.jpg");
        Assert.True(stored.Uploaded);
        Assert.Equal(whole, await File.ReadAllBytesAsync(stored.StoragePath));
        var parts = Server.Journal.Where(e => e.Route == "storage.part").ToList();
        Assert.Equal(3, parts.Count);
        Assert.Equal(["/3/", "/1/", "/2/"], parts.Select(e => e.Path.Contains("/3/") ? "/3/" : e.Path.Contains("/1/") ? "/1/" : "/2/"));
        Assert.All(parts, e => Assert.Equal(200, e.Status));
        Assert.All(parts, e => Assert.False(e.Headers.ContainsKey("x-api-key")));
        var (_, got) = await Client.GetAsync($"i2i/projects/{project}");
        Assert.Equal(1, (int)Data(got)["number_of_images"]!);
        // A completed upload is gone: it cannot be completed or aborted again.
        Assert.Equal(404, (await Client.PostAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}/complete", new { file_name = "big.jpg" })).Status);
    }

    [Fact]
    public async Task A_missing_part_is_an_error_naming_it_and_the_upload_stays_open()
    {
        string project = await Client.CreateSmartProjectAsync();
        var (uploadId, _, urls) = await CreateAsync(project, "gap.jpg", 3);
        using (await Client.PutAsync(urls[0], Bytes(5 * MiB, 2))) { }
        using (await Client.PutAsync(urls[2], Bytes(100, 3))) { }

        var (status, body) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}/complete", new { file_name = "gap.jpg" });
        using (await Client.PutAsync(urls[1], Bytes(5 * MiB, 4))) { }
        var (retry, _) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}/complete", new { file_name = "gap.jpg" });

        Assert.Equal(400, status);
        Assert.Contains("part(s) 2 of 3", body!.ToJsonString());
        Assert.Equal(200, retry);
    }

    [Fact]
    public async Task A_part_under_five_mebibytes_other_than_the_last_is_refused_on_complete()
    {
        string project = await Client.CreateSmartProjectAsync();
        var (uploadId, _, urls) = await CreateAsync(project, "small.jpg", 2);
        using (await Client.PutAsync(urls[0], Bytes(1000, 5))) { }
        using (await Client.PutAsync(urls[1], Bytes(1000, 6))) { }

        var (status, body) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}/complete", new { file_name = "small.jpg" });

        Assert.Equal(400, status);
        Assert.Contains("EntityTooSmall", body!.ToJsonString());
    }

    [Fact]
    public async Task Abort_discards_the_parts_and_the_upload()
    {
        string project = await Client.CreateSmartProjectAsync();
        var (uploadId, key, urls) = await CreateAsync(project, "gone.jpg", 2);
        using (await Client.PutAsync(urls[0], Bytes(5 * MiB, 7))) { }
        string partsFolder = Path.Combine(Server.DataDirectory, "projects", project, "multipart", uploadId);
        Assert.True(Directory.Exists(partsFolder));

        var (wrongKey, _) = await Client.DeleteAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}", new { key = "not-the-key" });
        var (status, _) = await Client.DeleteAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}", new { key });
        using var late = await Client.PutAsync(urls[1], Bytes(10, 8));
        var (complete, _) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}/complete", new { file_name = "gone.jpg" });
        var (again, _) = await Client.DeleteAsync($"i2i/projects/{project}/multipart_uploads/{uploadId}", new { key });

        Assert.Equal(400, wrongKey);
        Assert.Equal(200, status);
        Assert.False(Directory.Exists(partsFolder));
        Assert.Equal(HttpStatusCode.NotFound, late.StatusCode);
        Assert.Contains("NoSuchUpload", await late.Content.ReadAsStringAsync());
        Assert.Equal(404, complete);
        Assert.Equal(404, again);
        Assert.False(StoredFile(project, "gone.jpg").Uploaded);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public async Task Part_count_must_be_from_1_to_10000(int parts)
    {
        string project = await Client.CreateSmartProjectAsync();

        var (status, body) = await Client.PostAsync($"i2i/projects/{project}/multipart_uploads", new { file_name = "x.jpg", part_count = parts });

        Assert.Equal(422, status);
        Assert.Contains("part_count", body!.ToJsonString());
    }

    [Fact]
    public async Task Ten_thousand_parts_get_ten_thousand_distinct_links_and_a_tampered_link_is_refused()
    {
        string project = await Client.CreateSmartProjectAsync();
        var (_, _, urls) = await CreateAsync(project, "huge.jpg", 10_000);

        using var tampered = await Client.PutAsync(urls[0].Replace("/parts/", "/parts/x").Replace("X-Amz-Signature=", "X-Amz-Signature=0"), [1]);

        Assert.Equal(10_000, urls.Distinct().Count());
        Assert.NotEqual(HttpStatusCode.OK, tampered.StatusCode);
    }

    [Fact]
    public async Task Multipart_is_for_smart_editing_projects_and_jpegs_only()
    {
        string regular = await Client.CreateProjectAsync();
        string smart = await Client.CreateSmartProjectAsync();

        var (onRegular, _) = await Client.PostAsync($"i2i/projects/{regular}/multipart_uploads", new { file_name = "x.jpg", part_count = 1 });
        var (raw, _) = await Client.PostAsync($"i2i/projects/{smart}/multipart_uploads", new { file_name = "x.nef", part_count = 1 });
        var (unknown, _) = await Client.PostAsync($"i2i/projects/{smart}/multipart_uploads/nope/complete", new { file_name = "x.jpg" });

        Assert.Equal(404, onRegular);
        Assert.Equal(400, raw);
        Assert.Equal(404, unknown);
    }
}
