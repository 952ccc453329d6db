using Imagen.Emulator.CommandLine;
using Xunit;

namespace Imagen.Emulator.Tests;

/// <summary>Switches on the command line and in a settings file (issue #3 point 5).</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _settingsFile = Path.Combine(Path.GetTempPath(), "imagen-settings-" + Guid.NewGuid().ToString("N") + ".json");

    public void Dispose() => File.Delete(_settingsFile);

    [Fact]
    public void Every_switch_is_parsed()
    {
        var command = CommandLineParser.Parse([
            "--urls", "http://127.0.0.1:5080", "--api-key", "k", "--envelope", "bare", "--error-dialect", "detail",
            "--status-casing", "upper", "--strict", "--realistic-only", "--auth-failure-status", "403", "--link-lifetime", "30",
            "--seconds-per-photo", "0.5", "--data-dir", "/tmp/x", "--profiles", "/tmp/p.json", "--seed", "9",
            "--journal-capacity", "50", "--fault", "route=edit.status,kind=503,times=2,retryAfter=4",
            "--fault", "route=storage.put,kind=drop,probability=0.25,skip=1", "--fault", "route=profiles,kind=latency,latencyMs=250",
            "--fail-photos", "IMG_0003.CR2, DSC_*.NEF"]);

        var o = command.Options;
        Assert.Equal(EmulatorCommand.Action.Serve, command.What);
        Assert.Equal(("http://127.0.0.1:5080", "k", "bare", "detail", "upper"), (o.Urls, o.ApiKey, o.Envelope, o.ErrorDialect, o.StatusCasing));
        Assert.True(o.Strict);
        Assert.True(o.RealisticOnly);
        Assert.Equal((403, 30.0, 0.5, "/tmp/x", "/tmp/p.json", 9, 50),
            (o.AuthFailureStatus, o.LinkLifetimeSeconds, o.SecondsPerPhoto, o.DataDirectory, o.ProfilesFile, o.Seed, o.JournalCapacity));
        Assert.Equal(3, o.Faults.Count);
        Assert.Equal(("edit.status", "503", 2, 4), (o.Faults[0].Route, o.Faults[0].Kind, o.Faults[0].Times, o.Faults[0].RetryAfterSeconds));
        Assert.Equal((0.25, 1), (o.Faults[1].Probability, o.Faults[1].Skip));
        Assert.Equal(250, o.Faults[2].LatencyMilliseconds);
        Assert.Equal(["IMG_0003.CR2", "DSC_*.NEF"], o.FailPhotos);
    }

    [Fact]
    public void A_settings_file_is_applied_and_the_command_line_overrides_it()
    {
        File.WriteAllText(_settingsFile, """
            {
              // comments are fine
              "envelope": "list",
              "ErrorDialect": "error",
              "strict": true,
              "secondsPerPhoto": 2,
              "faults": [ { "route": "edit", "kind": "fail", "times": 1 } ],
            }
            """);

        var options = CommandLineParser.Parse(["--envelope", "bare", "--settings", _settingsFile, "--strict", "false"]).Options;

        Assert.Equal("bare", options.Envelope);
        Assert.Equal("error", options.ErrorDialect);
        Assert.False(options.Strict);
        Assert.Equal(2, options.SecondsPerPhoto);
        Assert.Equal("fail", Assert.Single(options.Faults).Kind);
    }

    [Fact]
    public void A_settings_file_with_an_unknown_setting_is_refused_naming_it()
    {
        File.WriteAllText(_settingsFile, """{ "envelop": "bare" }""");

        var error = Assert.Throws<ArgumentException>(() => CommandLineParser.Parse(["--settings", _settingsFile]));

        Assert.Contains("envelop", error.Message);
        Assert.Contains(_settingsFile, error.Message);
    }

    [Theory]
    [InlineData(new[] { "--envelope", "xml" }, "Envelope must be one of data, bare, list, not 'xml'")]
    [InlineData(new[] { "--seed" }, "--seed needs a value")]
    [InlineData(new[] { "--link-lifetime", "soon" }, "--link-lifetime needs a number, not 'soon'")]
    [InlineData(new[] { "--fault", "route=edit,kind=boom" }, "Kind must be one of")]
    [InlineData(new[] { "--fault", "edit:503" }, "expected key=value pairs")]
    [InlineData(new[] { "--colour" }, "Unknown argument '--colour'")]
    [InlineData(new[] { "--auth-failure-status", "500" }, "AuthFailureStatus must be 401 or 403")]
    public void Bad_switches_are_refused_with_a_clear_message(string[] args, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => CommandLineParser.Parse(args));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Generate_samples_takes_its_own_options()
    {
        var command = CommandLineParser.Parse(["--generate-samples", "out", "--count", "5", "--kind", "mixed", "--seed", "3"]);

        Assert.Equal(EmulatorCommand.Action.GenerateSamples, command.What);
        Assert.Equal(("out", 5, "mixed", 3), (command.SamplesDirectory, command.SampleCount, command.SampleKind, command.SampleSeed));
    }

    [Fact]
    public void Defaults_are_loopback_port_zero_and_the_documented_dialects()
    {
        var options = CommandLineParser.Parse([]).Options;

        Assert.Equal("http://127.0.0.1:0", options.Urls);
        Assert.Equal(("data", "combined", "title", false, 401), (options.Envelope, options.ErrorDialect, options.StatusCasing, options.Strict, options.AuthFailureStatus));
    }
}
