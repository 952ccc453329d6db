using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary><c>get_temporary_upload_links</c> (§3.3).</summary>
public sealed class UploadLinksTests : EmulatorTestBase
{
    [Fact]
    public async Task Each_file_gets_a_signed_expiring_link_on_the_emulators_storage()
    {
        string project = await Client.CreateProjectAsync();

        var links = await Client.UploadLinksAsync(project, ("DSC_0001.NEF", null), ("DSC_0002.NEF", "CldbCd+F12oPFPJyZ2uDrw=="));

        Assert.Equal(2, links.Count);
        var link = new Uri(links["DSC_0002.NEF"]);
        Assert.Equal(Server.BaseUrl.Authority, link.Authority);
        Assert.StartsWith($"/s3/{project}/upload/", link.AbsolutePath);
        Assert.EndsWith("/DSC_0002.NEF", link.AbsolutePath);
        Assert.Contains("X-Amz-Expires=900", link.Query);
        Assert.Contains("X-Amz-Signature=", link.Query);
        Assert.Contains("content-md5", Uri.UnescapeDataString(link.Query));
        Assert.DoesNotContain("content-md5", Uri.UnescapeDataString(new Uri(links["DSC_0001.NEF"]).Query));
    }

    [Fact]
    public async Task A_name_repeated_in_one_request_is_a_400_saying_how_often()
    {
        string project = await Client.CreateProjectAsync();

        var (status, body) = await Client.PostAsync($"projects/{project}/get_temporary_upload_links",
            new { files_list = new[] { new { file_name = "x.cr2" }, new { file_name = "x.cr2" }, new { file_name = "x.cr2" }, new { file_name = "y.cr2" } } });

        Assert.Equal(400, status);
        Assert.Equal("File \"x.cr2\" appears 3 times.", (string)body!["detail"]!);
        var admin = await Client.AdminGetAsync("projects");
        Assert.Empty(admin.AsArray().Single(p => (string)p!["projectUuid"]! == project)!["files"]!.AsArray());
    }

    [Fact]
    public async Task Asking_again_for_a_known_name_gives_a_fresh_link_for_the_same_file()
    {
        string project = await Client.CreateProjectAsync();
        var first = await Client.UploadLinksAsync(project, ("a.jpg", null));
        await Task.Delay(1100); // the link's date has whole seconds

        var second = await Client.UploadLinksAsync(project, ("a.jpg", null));

        Assert.NotEqual(first["a.jpg"], second["a.jpg"]);
        Assert.Equal(new Uri(first["a.jpg"]).AbsolutePath, new Uri(second["a.jpg"]).AbsolutePath);
        var state = (await Client.AdminGetAsync("projects")).AsArray().Single(p => (string)p!["projectUuid"]! == project)!;
        Assert.Single(state["files"]!.AsArray());
    }

    [Theory]
    [InlineData("0a5b5b09df85d76a0f14f272676bafaf")] // hex, as SDK 1.0.0 first sent it
    [InlineData("bm90IGFuIG1kNQ==")]                 // base64, but not 16 bytes
    public async Task A_md5_that_is_not_a_base64_digest_is_refused_naming_the_format(string md5)
    {
        string project = await Client.CreateProjectAsync();

        var (status, body) = await Client.PostAsync($"projects/{project}/get_temporary_upload_links",
            new { files_list = new[] { new { file_name = "a.jpg", md5 } } });

        Assert.Equal(400, status);
        Assert.Contains("Invalid md5 for \"a.jpg\"", (string)body!["detail"]!);
        Assert.Contains("base64", (string)body["detail"]!);
    }

    [Theory]
    [InlineData("../evil.jpg")]
    [InlineData("folder/a.jpg")]
    [InlineData("..")]
    public async Task A_name_with_a_folder_is_refused(string fileName)
    {
        string project = await Client.CreateProjectAsync();

        var (status, body) = await Client.PostAsync($"projects/{project}/get_temporary_upload_links",
            new { files_list = new[] { new { file_name = fileName } } });

        Assert.Equal(400, status);
        Assert.Contains(fileName, (string)body!["detail"]!);
    }

    [Fact]
    public async Task Missing_or_empty_files_list_is_422_and_an_unknown_project_404()
    {
        string project = await Client.CreateProjectAsync();

        var (missing, _) = await Client.PostAsync($"projects/{project}/get_temporary_upload_links", new { });
        var (empty, _) = await Client.PostAsync($"projects/{project}/get_temporary_upload_links", new { files_list = Array.Empty<object>() });
        var (unknown, _) = await Client.PostAsync("projects/ffffffffffffffffffffffff/get_temporary_upload_links",
            new { files_list = new[] { new { file_name = "a.jpg" } } });

        Assert.Equal(422, missing);
        Assert.Equal(422, empty);
        Assert.Equal(404, unknown);
    }
}
