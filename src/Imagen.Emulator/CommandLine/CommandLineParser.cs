using System.Globalization;
using Imagen.Emulator.Faults;
using Imagen.Emulator.Samples;

namespace Imagen.Emulator.CommandLine;

/// <summary>
/// Parses the emulator's command line. A settings file (<c>--settings</c>) is applied first wherever it appears, then
/// the other switches override it. Errors are <see cref="ArgumentException"/>s naming the switch and what it needs.
/// </summary>
public static class CommandLineParser
{
    public const string Usage = """
        Imagen emulator: the Imagen AI API on your machine, for offline work and tests.

        Serve:
          Imagen.Emulator [--urls http://127.0.0.1:5080] [--api-key KEY] [--settings FILE.json] [switches]
        Switches (also settable in the settings file and at runtime with PATCH /admin/settings):
          --envelope data|bare|list         response envelope (default data)
          --error-dialect combined|detail|error|error-string   error body (default combined)
          --status-casing title|upper       job status spelling (default title)
          --pending-links error|empty       download links before completion: a 400 or an empty list (default error)
          --strict [true|false]             strict header checks and edit-option rules
          --realistic-only [true|false]     refuse generative AI tools and Copilot instructions (a realistic-only account)
          --auth-failure-status 401|403     answer to a missing or wrong key (default 401)
          --link-lifetime SECONDS           validity of upload/download links (default 900)
          --seconds-per-photo SECONDS       simulated edit/export time per photo (default 0.05)
          --storage-mbps MBPS               a studio's line: storage bodies move at most MBPS megabits/s in total (default 0: no limit)
          --storage-connection-mbps MBPS    ... and at most MBPS megabits/s per connection (default 0: no limit)
          --fail-photos NAME[,NAME...]      photos (wildcards allowed) the edit cannot process: named in details, no output
          --data-dir DIR                    uploads and outputs (default: a temporary folder)
          --profiles FILE                   profiles JSON (default: profiles.json beside the emulator)
          --seed N                          seed for fault decisions (default 1)
          --fault route=R,kind=K[,times=N][,skip=N][,probability=P][,retryAfter=S][,latencyMs=MS][,stallSeconds=S][,tamper=../{name}]
                                            kinds: 429 500 503 drop stall latency fail tamper-name; routes: see /admin/routes; repeatable
        Samples:
          Imagen.Emulator --generate-samples DIR [--count N] [--kind raw|jpeg|mixed] [--seed S]
        """;

    public static EmulatorCommand Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions();
        int settingsIndex = IndexOf(args, "--settings");
        if (settingsIndex >= 0)
            options = SettingsFile.Load(ValueAt(args, settingsIndex));

        string? samplesDirectory = null;
        int count = 12, seed = 1;
        string kind = "raw";

        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Next() => ValueAt(args, i++);
            switch (name)
            {
                case "--help" or "-h" or "-?":
                    return new EmulatorCommand { What = EmulatorCommand.Action.Help };
                case "--settings": Next(); break;
                case "--urls": options.Urls = Next(); break;
                case "--api-key": options.ApiKey = Next(); break;
                case "--envelope": options.Envelope = Next().ToLowerInvariant(); break;
                case "--error-dialect": options.ErrorDialect = Next().ToLowerInvariant(); break;
                case "--status-casing": options.StatusCasing = Next().ToLowerInvariant(); break;
                case "--pending-links": options.PendingLinks = Next().ToLowerInvariant(); break;
                case "--strict":
                    if (i + 1 < args.Count && bool.TryParse(args[i + 1], out bool strict)) { options.Strict = strict; i++; }
                    else options.Strict = true;
                    break;
                case "--realistic-only":
                    if (i + 1 < args.Count && bool.TryParse(args[i + 1], out bool realistic)) { options.RealisticOnly = realistic; i++; }
                    else options.RealisticOnly = true;
                    break;
                case "--auth-failure-status": options.AuthFailureStatus = Integer(name, Next()); break;
                case "--link-lifetime": options.LinkLifetimeSeconds = Number(name, Next()); break;
                case "--seconds-per-photo": options.SecondsPerPhoto = Number(name, Next()); break;
                case "--storage-mbps": options.StorageMbps = Number(name, Next()); break;
                case "--storage-connection-mbps": options.StorageConnectionMbps = Number(name, Next()); break;
                case "--fail-photos": options.FailPhotos.AddRange(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--data-dir": options.DataDirectory = Next(); break;
                case "--profiles": options.ProfilesFile = Next(); break;
                case "--journal-capacity": options.JournalCapacity = Integer(name, Next()); break;
                case "--fault": options.Faults.Add(ParseFault(Next())); break;
                case "--seed": seed = Integer(name, Next()); options.Seed = seed; break;
                case "--generate-samples": samplesDirectory = Next(); break;
                case "--count": count = Integer(name, Next()); break;
                case "--kind": kind = Next().ToLowerInvariant(); break;
                default:
                    throw new ArgumentException($"Unknown argument '{name}'. Run with --help to see the switches.");
            }
        }

        if (samplesDirectory is not null)
        {
            if (count < 0) throw new ArgumentException($"--count must be 0 or more, not {count}.");
            if (kind == "jpg") kind = "jpeg";
            if (!SampleShootGenerator.Kinds.Contains(kind))
                throw new ArgumentException($"--kind must be one of {string.Join(", ", SampleShootGenerator.Kinds)}, not '{kind}'.");
            return new EmulatorCommand
            {
                What = EmulatorCommand.Action.GenerateSamples,
                SamplesDirectory = samplesDirectory,
                SampleCount = count,
                SampleKind = kind,
                SampleSeed = seed,
            };
        }
        options.Validate();
        return new EmulatorCommand { What = EmulatorCommand.Action.Serve, Options = options };
    }

    /// <summary>Parses <c>route=edit.status,kind=503,times=2</c>.</summary>
    public static FaultRule ParseFault(string spec)
    {
        var rule = new FaultRule();
        foreach (string part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"--fault '{spec}': expected key=value pairs such as route=edit.status,kind=503.");
            string key = part[..eq].Trim().ToLowerInvariant(), value = part[(eq + 1)..].Trim();
            string where = $"--fault '{spec}' {key}";
            switch (key)
            {
                case "route": rule.Route = value; break;
                case "kind": rule.Kind = value.ToLowerInvariant(); break;
                case "times": rule.Times = Integer(where, value); break;
                case "skip": rule.Skip = Integer(where, value); break;
                case "probability": rule.Probability = Number(where, value); break;
                case "retryafter": rule.RetryAfterSeconds = Integer(where, value); break;
                case "latencyms": rule.LatencyMilliseconds = Integer(where, value); break;
                case "stallseconds": rule.StallSeconds = Integer(where, value); break;
                case "tamper": rule.TamperPattern = value; break;
                default: throw new ArgumentException($"--fault '{spec}': unknown key '{key}' (use route, kind, times, skip, probability, retryAfter, latencyMs, stallSeconds, tamper).");
            }
        }
        rule.Validate("--fault");
        return rule;
    }

    private static int IndexOf(IReadOnlyList<string> args, string name)
    {
        for (int i = 0; i < args.Count; i++) if (args[i] == name) return i;
        return -1;
    }

    private static string ValueAt(IReadOnlyList<string> args, int index)
    {
        if (index + 1 >= args.Count || args[index + 1].StartsWith("--", StringComparison.Ordinal))
            throw new ArgumentException($"{args[index]} needs a value.");
        return args[index + 1];
    }

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int result)
            ? result : throw new ArgumentException($"{name} needs a whole number, not '{value}'.");

    private static double Number(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result)
            ? result : throw new ArgumentException($"{name} needs a number, not '{value}'.");
}
