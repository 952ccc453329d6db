using System.Text.Json;

namespace Imagen.Core.Tests;

/// <summary>The pure parts of the wire rules; the same rules are exercised over HTTP in ProfilesOverHttpTests.</summary>
public class ApiResponseParsingTests
{
    [Theory]
    [InlineData("{\"data\":{\"project_uuid\":\"abc\"}}", "{\"project_uuid\":\"abc\"}")]
    [InlineData("{\"project_uuid\":\"abc\"}", "{\"project_uuid\":\"abc\"}")]
    [InlineData("{\"data\":{\"x\":1},\"meta\":2}", "{\"data\":{\"x\":1},\"meta\":2}")]
    [InlineData("[1,2]", "[1,2]")]
    public void UnwrapsOnlyALoneDataKey(string body, string expected)
    {
        Assert.Equal(expected, ApiEnvelope.Parse(body).GetRawText());
    }

    [Theory]
    [InlineData("{\"error\":{\"message\":\"from error.message\"},\"detail\":\"from detail\"}", "from error.message")]
    [InlineData("{\"error\":\"from error string\"}", "from error string")]
    [InlineData("{\"detail\":\"from detail\"}", "from detail")]
    [InlineData("{\"detail\":[{\"loc\":[\"body\",\"crop_aspect_ratio\"],\"msg\":\"bad value\",\"type\":\"enum\"}]}", "body.crop_aspect_ratio: bad value")]
    [InlineData("{\"message\":\"Forbidden\"}", "Forbidden")]
    [InlineData("plain text failure", "plain text failure")]
    [InlineData("<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>", "AccessDenied: Request has expired")]
    [InlineData("", "Bad Request")]
    public void ExtractsTheServerMessageInEveryDialect(string body, string expected)
    {
        Assert.Equal(expected, ApiErrorParser.Extract(body, "Bad Request", 400));
    }

    [Fact]
    public void NoBodyNoReasonFallsBackToTheStatus()
    {
        Assert.Equal("HTTP 502", ApiErrorParser.Extract(null, null, 502));
    }

    [Fact]
    public void ProfileKeyAsNumericStringIsAccepted()
    {
        using var document = JsonDocument.Parse("{\"profile_key\":\"5700\"}");
        Assert.Equal(5700, ApiEnvelope.GetInt(document.RootElement, "profile_key"));
    }
}
