using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using Imagen.Emulator;
using Imagen.Emulator.Faults;
using Imagen.PowerShell.Tests.Infrastructure;
using Xunit;

namespace Imagen.PowerShell.Tests;

/// <summary>
/// Issue 17 point 4: every argument completer that asks the service waits at most about a second per Tab, keeps
/// its answers (and its failures) for a while, and offers what starts with the typed word before what contains it.
/// </summary>
[Collection(PowerShellCollection.Name)]
public sealed class CompletionTests : IDisposable
{
    private const string ProjectId = "0123456789abcdef01234567";

    private readonly EmulatorFixture _emulator;
    private readonly EnvironmentScope _environment = new(("IMAGEN_API_KEY", null), ("IMAGEN_BASE_URL", null));
    private readonly PowerShellSession _session = new();

    public CompletionTests(EmulatorFixture emulator)
    {
        _emulator = emulator;
    }

    public void Dispose()
    {
        _session.Dispose();
        _environment.Dispose();
    }

    /// <summary>What Tab offers at the end of <paramref name="input"/>, and how long it took.</summary>
    private (IReadOnlyList<string> Offered, TimeSpan Took) Tab(string input)
    {
        var clock = Stopwatch.StartNew();
        var result = _session.Invoke("[System.Management.Automation.CommandCompletion]::CompleteInput($i, $i.Length, $null).CompletionMatches | ForEach-Object CompletionText",
            new Dictionary<string, object?> { ["i"] = input });
        clock.Stop();
        Assert.Empty(result.AllErrors);
        return (result.Output.Select(o => o.ToString()!).ToList(), clock.Elapsed);
    }

    private void Connect(EmulatorServer? server = null)
    {
        var result = _session.Invoke("Connect-Imagen -ApiKey $k -BaseUrl $u -SkipValidation", new Dictionary<string, object?>
        {
            ["k"] = PowerShellSession.Secure(server?.ApiKey ?? _emulator.ApiKey),
            ["u"] = server?.BaseUrl.ToString() ?? _emulator.BaseUrl,
        });
        Assert.Empty(result.AllErrors);
    }

    [Theory]
    [InlineData("Get-ImagenProfile -ProfileKey ")]
    [InlineData("Get-ImagenProfile -Name ")]
    [InlineData("Invoke-ImagenEdit -Path x.cr2 -ProfileKey ")]
    [InlineData("Invoke-ImagenEnhancement -ProjectId " + ProjectId + " -FileName x.jpg -Tool ")]
    public async Task TabReturnsWithinTheCapWhileTheServiceDoesNotAnswer(string input)
    {
        // The service takes a minute to answer anything (as good as unreachable for a prompt).
        await using var server = await EmulatorServer.StartAsync(new EmulatorOptions
        {
            Faults = { new FaultRule { Route = "*", Kind = "latency", LatencyMilliseconds = 60_000 } },
        });
        Connect(server);
        Tab("Get-ImagenPro"); // warms up the completion engine itself

        var first = Tab(input);
        var second = Tab(input);

        Assert.Empty(first.Offered);
        Assert.Empty(second.Offered);
        // Generous bounds for a loaded machine: the point is about a second, not the ten seconds (or the minute) of the service.
        Assert.True(first.Took < TimeSpan.FromSeconds(5), $"the first Tab took {first.Took}");
        Assert.True(second.Took < TimeSpan.FromSeconds(5), $"the second Tab took {second.Took}");
    }

    [Fact]
    public void AnAnswerIsKeptSoTheNextTabsAskNothing()
    {
        // Through the environment variables: no session, so no session profile list stands in for the cache.
        using var variables = new EnvironmentScope(("IMAGEN_API_KEY", _emulator.ApiKey), ("IMAGEN_BASE_URL", _emulator.BaseUrl));
        int before = _emulator.Server.Journal.Count(e => e.Route == "profiles");

        for (int press = 0; press < 3; press++)
        {
            Assert.Contains("5700", Tab("Get-ImagenProfile -ProfileKey ").Offered);
        }

        Assert.Equal(1, _emulator.Server.Journal.Count(e => e.Route == "profiles") - before);
    }

    [Fact]
    public void AFailureIsKeptSoAnOfflinePromptStaysQuick()
    {
        Connect();
        int before = _emulator.Server.Journal.Count(e => e.Route == "ai-tools");

        // No such project: the service refuses (404); the next presses do not ask again.
        for (int press = 0; press < 3; press++)
        {
            Assert.Empty(Tab("Invoke-ImagenEnhancement -ProjectId " + ProjectId + " -FileName x.jpg -Tool ").Offered);
        }

        Assert.Equal(1, _emulator.Server.Journal.Count(e => e.Route == "ai-tools") - before);
    }

    [Fact]
    public void WhatStartsWithTheWordComesBeforeWhatContainsIt()
    {
        Connect();

        // STUDIO PORTRAITS JPG (328) starts with S; CLEAN & CRISP (5700), first in the account's list, only contains it.
        var keys = Tab("Get-ImagenProfile -ProfileKey s").Offered;
        Assert.Equal("328", keys[0]);
        Assert.Contains("5700", keys);

        var names = Tab("Get-ImagenProfile -Name s").Offered;
        Assert.Equal("'STUDIO PORTRAITS JPG'", names[0]);
        Assert.Contains("'CLEAN & CRISP'", names);

        // Keys that start with the digits typed, then keys that hold them.
        var digits = Tab("Get-ImagenProfile -ProfileKey 1").Offered;
        Assert.Equal(new[] { "14715", "163322", "196", "21427" }, digits.Take(4));
    }
}
