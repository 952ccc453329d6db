using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>The S3-like storage routes (§4, issue #3 point 2): signatures, expiry, md5 rules, ETag, ranges.</summary>
public sealed class StorageTests : EmulatorTestBase
{
    private static readonly byte[] Payload = Encoding.ASCII.GetBytes("test file content for md5");
    private const string PayloadMd5 = "CldbCd+F12oPFPJyZ2uDrw=="; // the SDK's own test vector (§3.3)

    private async Task<(string Project, string Link)> LinkAsync(string? md5 = null, string name = "DSC_0001.NEF")
    {
        string project = await Client.CreateProjectAsync();
        var links = await Client.UploadLinksAsync(project, (name, md5));
        return (project, links[name]);
    }

    private async Task<XElement> XmlErrorAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return XElement.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<bool> IsUploadedAsync(string project)
    {
        var state = (await Client.AdminGetAsync("projects")).AsArray().Single(p => (string)p!["projectUuid"]! == project)!;
        return state["files"]!.AsArray().Any(f => (bool)f!["uploaded"]!);
    }

    [Fact]
    public void The_md5_test_vector_is_the_base64_digest() =>
        Assert.Equal(PayloadMd5, Convert.ToBase64String(MD5.HashData(Payload)));

    [Fact]
    public async Task Put_stores_the_bytes_and_answers_with_the_md5_etag()
    {
        var (project, link) = await LinkAsync();

        using var response = await Client.PutAsync(link, Payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(Payload))}\"", response.Headers.ETag?.Tag);
        string stored = Directory.GetFiles(Path.Combine(Server.DataDirectory, "projects", project, "upload")).Single();
        Assert.Equal(Payload, await File.ReadAllBytesAsync(stored));
    }

    [Fact]
    public async Task A_tampered_signature_or_path_is_a_403_signature_error_in_s3_xml()
    {
        var (_, link) = await LinkAsync();
        string badSignature = link[..^4] + (link.EndsWith("aaaa") ? "bbbb" : "aaaa");
        string otherFile = link.Replace("/DSC_0001.NEF?", "/DSC_0002.NEF?");

        using var signature = await Client.PutAsync(badSignature, Payload);
        using var path = await Client.PutAsync(otherFile, Payload);
        using var noQuery = await Client.PutAsync(link[..link.IndexOf('?')], Payload);

        Assert.Equal(HttpStatusCode.Forbidden, signature.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", (await XmlErrorAsync(signature)).Element("Code")!.Value);
        Assert.Equal(HttpStatusCode.Forbidden, path.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noQuery.StatusCode);
        Assert.Equal("AccessDenied", (await XmlErrorAsync(noQuery)).Element("Code")!.Value);
    }

    [Fact]
    public async Task An_expired_link_is_a_403_request_has_expired()
    {
        Server.Update(o => o.LinkLifetimeSeconds = 1);
        var (project, link) = await LinkAsync();
        await Task.Delay(2100);

        using var response = await Client.PutAsync(link, Payload);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await XmlErrorAsync(response);
        Assert.Equal("AccessDenied", error.Element("Code")!.Value);
        Assert.Equal("Request has expired", error.Element("Message")!.Value);
        Assert.False(await IsUploadedAsync(project));
    }

    [Fact]
    public async Task A_link_within_its_lifetime_works()
    {
        Server.Update(o => o.LinkLifetimeSeconds = 5);
        var (_, link) = await LinkAsync();

        using var response = await Client.PutAsync(link, Payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("X-Amz-Expires=5", link);
    }

    [Fact]
    public async Task With_a_declared_md5_a_missing_content_md5_is_a_403()
    {
        var (project, link) = await LinkAsync(PayloadMd5);

        using var response = await Client.PutAsync(link, Payload);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", (await XmlErrorAsync(response)).Element("Code")!.Value);
        Assert.False(await IsUploadedAsync(project));
    }

    [Fact]
    public async Task With_a_declared_md5_a_different_content_md5_is_a_403()
    {
        var (_, link) = await LinkAsync(PayloadMd5);

        using var response = await Client.PutAsync(link, Payload, contentMd5: Convert.ToBase64String(MD5.HashData("other"u8.ToArray())));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", (await XmlErrorAsync(response)).Element("Code")!.Value);
    }

    [Fact]
    public async Task With_the_declared_md5_a_body_with_another_digest_is_a_400_bad_digest()
    {
        var (project, link) = await LinkAsync(PayloadMd5);

        using var response = await Client.PutAsync(link, "corrupted in transit"u8.ToArray(), contentMd5: PayloadMd5);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("BadDigest", (await XmlErrorAsync(response)).Element("Code")!.Value);
        Assert.False(await IsUploadedAsync(project));
        Assert.Empty(Directory.GetFiles(Path.Combine(Server.DataDirectory, "projects", project, "upload")));
    }

    [Fact]
    public async Task With_the_declared_md5_and_the_right_body_the_upload_succeeds()
    {
        var (project, link) = await LinkAsync(PayloadMd5);

        using var response = await Client.PutAsync(link, Payload, contentMd5: PayloadMd5);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(await IsUploadedAsync(project));
    }

    [Fact]
    public async Task Without_a_declared_md5_a_wrong_content_md5_is_still_a_bad_digest_and_a_malformed_one_invalid()
    {
        var (_, link) = await LinkAsync();

        using var wrong = await Client.PutAsync(link, Payload, contentMd5: Convert.ToBase64String(MD5.HashData("other"u8.ToArray())));
        using var malformed = await Client.PutAsync(link, Payload, contentMd5: "not-an-md5");

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("BadDigest", (await XmlErrorAsync(wrong)).Element("Code")!.Value);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("InvalidDigest", (await XmlErrorAsync(malformed)).Element("Code")!.Value);
    }

    [Fact]
    public async Task Lenient_mode_accepts_a_mime_type_an_empty_content_type_and_none()
    {
        foreach (string? contentType in new[] { "image/x-nikon-nef", "", null })
        {
            var (_, link) = await LinkAsync();
            using var response = await Client.PutAsync(link, Payload, contentType: contentType);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Strict_mode_refuses_a_content_type_an_api_key_and_an_undeclared_content_md5()
    {
        Server.Update(o => o.Strict = true);
        var (_, link1) = await LinkAsync(name: "a.nef");
        var (_, link2) = await LinkAsync(name: "b.nef");
        var (_, link3) = await LinkAsync(name: "c.nef");
        var (_, link4) = await LinkAsync(name: "d.nef");

        using var typed = await Client.PutAsync(link1, Payload, contentType: "application/octet-stream");
        using var keyed = await Client.Api.PutAsync(link2, new ByteArrayContent(Payload));
        using var undeclared = await Client.PutAsync(link3, Payload, contentMd5: PayloadMd5);
        using var emptyType = await Client.PutAsync(link4, Payload, contentType: "");

        Assert.Equal(HttpStatusCode.Forbidden, typed.StatusCode);
        Assert.Equal("SignatureDoesNotMatch", (await XmlErrorAsync(typed)).Element("Code")!.Value);
        Assert.Equal(HttpStatusCode.BadRequest, keyed.StatusCode);
        Assert.Contains("x-api-key", (await XmlErrorAsync(keyed)).Element("Message")!.Value);
        Assert.Equal(HttpStatusCode.Forbidden, undeclared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, emptyType.StatusCode);
    }

    [Fact]
    public async Task An_upload_link_cannot_be_used_to_download()
    {
        var (_, link) = await LinkAsync();
        using var put = await Client.PutAsync(link, Payload);

        using var get = await Client.Plain.GetAsync(link);

        Assert.Equal(HttpStatusCode.Forbidden, get.StatusCode);
    }

    [Fact]
    public async Task Downloads_stream_with_etag_and_range_support()
    {
        string project = await Client.CreateProjectWithFilesAsync(TestPhotos.Jpeg.Take(1));
        var (status, _) = await Client.EditAsync(project, new { profile_key = 29132 });
        Assert.Equal(200, status);
        await Client.WaitAsync(project);
        var (_, links) = await Client.GetAsync($"projects/{project}/edit/get_temporary_download_links");
        string link = (string)EmulatorClient.Data(links)["files_list"]![0]!["download_link"]!;

        using var whole = await Client.Plain.GetAsync(link);
        byte[] all = await whole.Content.ReadAsByteArrayAsync();
        using var rangeRequest = new HttpRequestMessage(HttpMethod.Get, link);
        rangeRequest.Headers.Range = new RangeHeaderValue(10, 109);
        using var partial = await Client.Plain.SendAsync(rangeRequest);
        using var head = await Client.Plain.SendAsync(new HttpRequestMessage(HttpMethod.Head, link));

        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("image/jpeg", whole.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(all))}\"", whole.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(all[10..110], await partial.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 10-109/{all.Length}", partial.Content.Headers.ContentRange?.ToString());
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(all.Length, head.Content.Headers.ContentLength);
    }
    [Fact]
    public async Task A_body_cut_short_by_the_client_is_neither_stored_nor_journaled_as_a_success()
    {
        // What a cancelled client does: headers promise 1000 bytes, 100 arrive, then it closes its side (FIN, not reset).
        var (project, link) = await LinkAsync();
        var url = new Uri(link);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(url.Host, url.Port);
            var stream = socket.GetStream();
            byte[] head = Encoding.ASCII.GetBytes($"PUT {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Length: 1000\r\n\r\n");
            await stream.WriteAsync(head);
            await stream.WriteAsync(new byte[100]);
            socket.Client.Shutdown(SocketShutdown.Send);
            var answer = new MemoryStream();
            try
            {
                await stream.CopyToAsync(answer); // Kestrel may answer, then closes (or resets) a connection with a short body
            }
            catch (IOException)
            {
            }
            Assert.DoesNotContain(" 200 ", Encoding.ASCII.GetString(answer.ToArray()).Split('\n')[0]);
        }

        var put = await JournalEntryAsync("storage.put");

        // 400 IncompleteBody, or 0 when Kestrel's notice of the closed connection lands first; never the 200 it showed
        // when the handler threw on the short body and the journal took the response's default status.
        Assert.Contains((int)put["status"]!, new[] { 400, 0 });
        Assert.False(await IsUploadedAsync(project));
        Assert.Empty(Directory.GetFiles(Path.Combine(Server.DataDirectory, "projects", project, "upload")));
    }

    /// <summary>The request's journal entry; the journal writes it as the request ends, just after the answer goes out.</summary>
    private async Task<System.Text.Json.Nodes.JsonNode> JournalEntryAsync(string route)
    {
        for (int attempt = 0; ; attempt++)
        {
            var entry = (await Client.AdminGetAsync("journal"))["entries"]!.AsArray().FirstOrDefault(e => (string?)e!["route"] == route);
            if (entry is not null || attempt == 100)
                return entry ?? throw new Xunit.Sdk.XunitException($"No {route} entry in the journal.");
            await Task.Delay(50);
        }
    }
}
