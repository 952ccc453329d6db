using System.Collections.Generic;
using Imagen.Core.Tests.Support;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 7 point 8 in the real engine: against a server echoing the request headers, for every status and content
/// type, the key is in no output, error, ErrorDetails, $Error entry, verbose, debug, warning or information record.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class KeyRedactionTests : System.IDisposable
{
    private const string Key = "ik_live_9d2e71b04c8f4a35b6e0d7c2a91f5e38";

    private readonly PowerShellSession _session = new();
    private static readonly string RunStore = Path.Combine(Path.GetTempPath(), "imagen-echo-runs-" + System.Guid.NewGuid().ToString("N"));

    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null), ("IMAGEN_RUN_PATH", RunStore));

    public void Dispose()
    {
        _session.Dispose();
        _environment.Dispose();
    }

    [Fact]
    public async Task AHeaderEchoingServerNeverShowsTheKeyInAnyStreamOrError()
    {
        await using var server = await HeaderEchoServer.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "imagen-echo-" + System.Guid.NewGuid().ToString("N"));
        try
        {
            foreach (var status in HeaderEchoServer.Statuses)
            {
                foreach (var type in HeaderEchoServer.ContentTypes)
                {
                    var result = _session.Invoke(
                        """
                        $Error.Clear()
                        Connect-Imagen -ApiKey $key -BaseUrl $url -SkipValidation
                        Get-ImagenProfile -Verbose -Debug -ErrorAction Continue
                        New-ImagenProject -Name Smith -Verbose -Debug -ErrorAction Continue
                        Save-ImagenResult -ProjectId 0123456789abcdef01234567 -Path $folder -Verbose -Debug -ErrorAction Continue
                        $Error | ForEach-Object { "$_"; $_.ErrorDetails.Message; $_.Exception.ToString(); $_.ScriptStackTrace }
                        """,
                        new Dictionary<string, object?> { ["key"] = PowerShellSession.Secure(Key), ["url"] = server.BaseUrl(status, type).ToString(), ["folder"] = folder });

                    var where = $"{status} {type}";
                    Assert.True(result.Debug.Count > 0, where + ": the calls were made and shown under -Debug");
                    HeaderEchoServer.AssertNoKey(Key, result.AllText(), where);
                }
            }
        }
        finally
        {
            foreach (var created in new[] { folder, RunStore })
            {
                if (Directory.Exists(created))
                {
                    Directory.Delete(created, recursive: true);
                }
            }
        }
    }
}
