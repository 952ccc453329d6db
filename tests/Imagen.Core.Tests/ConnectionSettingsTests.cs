using System.Security;

namespace Imagen.Core.Tests;

public class ConnectionSettingsTests
{
    [Fact]
    public void DefaultBaseUrlIsProduction()
    {
        Assert.Equal("https://api.imagen-ai.com/v1", ImagenConnectionSettings.DefaultBaseUrl.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://api.imagen-ai.com/v1/", "https://api.imagen-ai.com/v1")]
    [InlineData("https://api-beta.imagen-ai.com/v1//", "https://api-beta.imagen-ai.com/v1")]
    [InlineData("  http://127.0.0.1:5080/v1  ", "http://127.0.0.1:5080/v1")]
    [InlineData("http://localhost:5080/v1/", "http://localhost:5080/v1")]
    [InlineData("http://[::1]:5080/v1", "http://[::1]:5080/v1")]
    public void NormalisesBaseUrls(string input, string expected)
    {
        Assert.Equal(expected, ImagenConnectionSettings.ParseBaseUrl(input).AbsoluteUri.TrimEnd('/'));
        Assert.False(ImagenConnectionSettings.ParseBaseUrl(input).AbsoluteUri.EndsWith("v1/"));
    }

    [Fact]
    public void PlainHttpToARemoteHostIsRefusedWithAClearMessage()
    {
        var error = Assert.Throws<ArgumentException>(() => ImagenConnectionSettings.ParseBaseUrl("http://api.imagen-ai.com/v1"));
        Assert.Contains("plain http", error.Message);
        Assert.Contains("loopback", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("api.imagen-ai.com/v1")]
    [InlineData("ftp://api.imagen-ai.com/v1")]
    [InlineData("https://user:secret@api.imagen-ai.com/v1")]
    [InlineData("https://api.imagen-ai.com/v1?x=1")]
    [InlineData("http://10.0.0.5/v1")]
    public void UnsafeOrMalformedUrlsAreRefused(string input)
    {
        var error = Assert.Throws<ArgumentException>(() => ImagenConnectionSettings.ParseBaseUrl(input));
        Assert.DoesNotContain("secret", error.Message);
    }

    [Fact]
    public void ResolveJoinsWithExactlyOneSlash()
    {
        var settings = new ImagenConnectionSettings(new Uri("https://api.imagen-ai.com/v1/"), ImagenApiKey.FromPlainText("k"));
        Assert.Equal("https://api.imagen-ai.com/v1/profiles/", settings.Resolve("/profiles/").AbsoluteUri);
        Assert.Equal("https://api.imagen-ai.com/v1/projects", settings.Resolve("projects").AbsoluteUri);
    }

    [Fact]
    public void ApiKeyIsTrimmedAndRedacted()
    {
        var key = ImagenApiKey.FromPlainText("  super-secret-key \n");
        Assert.Equal("super-secret-key", key.PlainText);
        Assert.DoesNotContain("super-secret-key", key.ToString());
        Assert.DoesNotContain("super-secret-key", new ImagenConnectionSettings(new Uri("https://api.imagen-ai.com/v1"), key).ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void EmptyKeyIsRefusedNamingTheWaysToGiveOne(string? value)
    {
        var error = Assert.Throws<ArgumentException>(() => ImagenApiKey.FromPlainText(value!));
        Assert.Contains("IMAGEN_API_KEY", error.Message);
    }

    [Fact]
    public void KeyFromSecureString()
    {
        using var secure = new SecureString();
        foreach (var c in "from-secure")
        {
            secure.AppendChar(c);
        }

        Assert.Equal("from-secure", ImagenApiKey.FromSecureString(secure).PlainText);
    }

    [Fact]
    public void FromEnvironmentReadsBothVariables()
    {
        var oldKey = Environment.GetEnvironmentVariable("IMAGEN_API_KEY");
        var oldUrl = Environment.GetEnvironmentVariable("IMAGEN_BASE_URL");
        try
        {
            Environment.SetEnvironmentVariable("IMAGEN_API_KEY", null);
            Assert.Null(ImagenConnectionSettings.FromEnvironment());

            Environment.SetEnvironmentVariable("IMAGEN_API_KEY", "env-key");
            Environment.SetEnvironmentVariable("IMAGEN_BASE_URL", null);
            Assert.Equal(ImagenConnectionSettings.DefaultBaseUrl, ImagenConnectionSettings.FromEnvironment()!.BaseUrl);

            Environment.SetEnvironmentVariable("IMAGEN_BASE_URL", "http://127.0.0.1:5080/v1/");
            var settings = ImagenConnectionSettings.FromEnvironment()!;
            Assert.Equal("http://127.0.0.1:5080/v1", settings.BaseUrl.AbsoluteUri);
            Assert.Equal("env-key", settings.ApiKey.PlainText);
        }
        finally
        {
            Environment.SetEnvironmentVariable("IMAGEN_API_KEY", oldKey);
            Environment.SetEnvironmentVariable("IMAGEN_BASE_URL", oldUrl);
        }
    }

    [Fact]
    public void KeyIsOnlyForTheApiAuthority()
    {
        var settings = new ImagenConnectionSettings(new Uri("http://127.0.0.1:5080/v1"), ImagenApiKey.FromPlainText("k"));
        Assert.True(settings.IsApiAuthority(new Uri("http://127.0.0.1:5080/v1/profiles")));
        Assert.False(settings.IsApiAuthority(new Uri("http://127.0.0.1:5081/v1/profiles")));
        Assert.False(settings.IsApiAuthority(new Uri("http://localhost:5080/v1/profiles")));
    }
}
