using Imagen.Emulator.Faults;

namespace Imagen.Emulator;

/// <summary>
/// Everything the emulator can be told: from code (tests), the command line, a settings file, or at runtime through
/// <c>PATCH /admin/settings</c>. The defaults are usable as-is: loopback, an ephemeral port, a generated API key, the
/// documented <c>data</c> envelope and a temporary data folder.
/// </summary>
public sealed class EmulatorOptions
{
    public const string DefaultUrls = "http://127.0.0.1:0";

    /// <summary>Where Kestrel listens (semicolon-separated). Port 0 picks a free port.</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The one API key the emulator accepts; a random one is generated when left empty.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Response envelope (§2.1): "data" (wrapped), "bare" (payload at the root) or "list" (bare, and lists as bare arrays).</summary>
    public string Envelope { get; set; } = EnvelopeKinds.Data;

    /// <summary>Error body (§2.2): "combined" (<c>{"error":{"message"},"detail"}</c>), "detail", "error" (<c>error.message</c>) or "error-string".</summary>
    public string ErrorDialect { get; set; } = ErrorDialects.Combined;

    /// <summary>Status spelling (§5.1): "title" (<c>In Progress</c>) or "upper" (<c>IN PROGRESS</c>).</summary>
    public string StatusCasing { get; set; } = StatusCasings.Title;

    /// <summary>
    /// Strict header checks: <c>/edit</c> refuses <c>application/json</c>, storage refuses a non-empty Content-Type,
    /// an <c>x-api-key</c> header and an undeclared Content-MD5, and conflicting edit options (§6.2) are rejected.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Status code for a missing or wrong API key: 401 (every SDK's assumption) or 403 (API Gateway style).</summary>
    public int AuthFailureStatus { get; set; } = 401;

    /// <summary>
    /// What download-link routes answer before the job has completed (§3.6 leaves it open): "error" (a 400 saying
    /// why) or "empty" (an empty <c>files_list</c>, as an older SDK design expected).
    /// </summary>
    public string PendingLinks { get; set; } = PendingLinkModes.Error;

    /// <summary>
    /// Plays a realistic-only account (§3.11): generative AI tools and Copilot instructions that add, remove or
    /// replace content are refused with 400 "Only realistic editing requests are supported.", and the catalogue
    /// lists only the realistic tools.
    /// </summary>
    public bool RealisticOnly { get; set; }

    /// <summary>How long upload and download links stay valid.</summary>
    public double LinkLifetimeSeconds { get; set; } = 900;

    /// <summary>Simulated editing (and export) time per photo.</summary>
    public double SecondsPerPhoto { get; set; } = 0.05;

    /// <summary>
    /// Emulates a studio's line: storage bodies (uploads and downloads, all connections together) move at most this
    /// many megabits per second. 0 (the default) for no limit.
    /// </summary>
    public double StorageMbps { get; set; }

    /// <summary>Each storage connection moves at most this many megabits per second (a per-stream limit); 0 for none.</summary>
    public double StorageConnectionMbps { get; set; }

    /// <summary>
    /// File names (wildcards * and ?, case-insensitive) whose edit fails: the service could not edit these photos, so
    /// an edit that holds them completes without their outputs and names each in <c>details</c> with a reason.
    /// </summary>
    public List<string> FailPhotos { get; set; } = [];

    /// <summary>Where uploads and outputs are kept; a temporary folder (deleted on shutdown) when empty.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>The profiles file; <c>profiles.json</c> beside the emulator when empty.</summary>
    public string? ProfilesFile { get; set; }

    /// <summary>Makes fault decisions repeatable.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Injected faults, per route (see <see cref="FaultRule"/>).</summary>
    public List<FaultRule> Faults { get; set; } = [];

    /// <summary>Requests kept in the journal before the oldest are dropped.</summary>
    public int JournalCapacity { get; set; } = 20_000;

    /// <summary>A deep copy, so a runtime change never alters an object a caller still holds.</summary>
    public EmulatorOptions Clone()
    {
        var copy = (EmulatorOptions)MemberwiseClone();
        copy.Faults = Faults.Select(f => f.Clone()).ToList();
        copy.FailPhotos = [.. FailPhotos];
        return copy;
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first setting with a value the emulator does not know.</summary>
    public void Validate()
    {
        Require(nameof(Envelope), Envelope, EnvelopeKinds.All);
        Require(nameof(ErrorDialect), ErrorDialect, ErrorDialects.All);
        Require(nameof(StatusCasing), StatusCasing, StatusCasings.All);
        Require(nameof(PendingLinks), PendingLinks, PendingLinkModes.All);
        if (AuthFailureStatus is not (401 or 403))
            throw new ArgumentException($"AuthFailureStatus must be 401 or 403, not {AuthFailureStatus}.");
        if (!(LinkLifetimeSeconds > 0))
            throw new ArgumentException($"LinkLifetimeSeconds must be greater than 0, not {LinkLifetimeSeconds}.");
        if (!(SecondsPerPhoto >= 0) || SecondsPerPhoto > 3600)
            throw new ArgumentException($"SecondsPerPhoto must be between 0 and 3600, not {SecondsPerPhoto}.");
        if (!(StorageMbps >= 0) || double.IsInfinity(StorageMbps))
            throw new ArgumentException($"StorageMbps must be 0 (no limit) or a number of megabits per second, not {StorageMbps}.");
        if (!(StorageConnectionMbps >= 0) || double.IsInfinity(StorageConnectionMbps))
            throw new ArgumentException($"StorageConnectionMbps must be 0 (no limit) or a number of megabits per second, not {StorageConnectionMbps}.");
        if (JournalCapacity < 1)
            throw new ArgumentException($"JournalCapacity must be at least 1, not {JournalCapacity}.");
        if (ApiKey is not null && ApiKey.Trim().Length == 0)
            throw new ArgumentException("ApiKey must not be blank; leave it unset to have one generated.");
        if (FailPhotos.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException("FailPhotos must hold file names or wildcard patterns, not blank entries.");
        for (int i = 0; i < Faults.Count; i++)
            Faults[i].Validate($"Faults[{i}]");
    }

    private static void Require(string name, string value, IReadOnlyList<string> allowed)
    {
        if (!allowed.Contains(value))
            throw new ArgumentException($"{name} must be one of {string.Join(", ", allowed)}, not '{value}'.");
    }
}

public static class EnvelopeKinds
{
    public const string Data = "data", Bare = "bare", List = "list";
    public static readonly IReadOnlyList<string> All = [Data, Bare, List];
}

public static class ErrorDialects
{
    public const string Combined = "combined", Detail = "detail", Error = "error", ErrorString = "error-string";
    public static readonly IReadOnlyList<string> All = [Combined, Detail, Error, ErrorString];
}

public static class StatusCasings
{
    public const string Title = "title", Upper = "upper";
    public static readonly IReadOnlyList<string> All = [Title, Upper];
}

public static class PendingLinkModes
{
    public const string Error = "error", Empty = "empty";
    public static readonly IReadOnlyList<string> All = [Error, Empty];
}
