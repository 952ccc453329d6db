namespace Imagen.Emulator.Faults;

/// <summary>
/// One injected fault. It applies to the requests whose route name matches <see cref="Route"/> (e.g. "edit.status",
/// "storage.put", "storage.*", "*"); see <c>RouteNames</c> for the list. Kinds:
/// "429" (with Retry-After), "500", "503", "drop" (the connection is cut in the middle of the response body),
/// "stall" (like "drop", but after the first half the connection goes silent until the client gives up or
/// <see cref="StallSeconds"/> pass, then it is cut: a transfer hanging mid-body),
/// "latency" (adds <see cref="LatencyMilliseconds"/> and lets the request through) and "fail" (on "edit" or "export":
/// the job is accepted and ends Failed) and "tamper-name" (on "edit.links"/"export.links"/"export.link": each
/// <c>file_name</c> comes back rewritten by <see cref="TamperPattern"/>, as from a compromised server).
/// </summary>
public sealed class FaultRule
{
    public static readonly IReadOnlyList<string> Kinds = ["429", "500", "503", "drop", "stall", "latency", "fail", "tamper-name"];

    public string Route { get; set; } = "*";
    public string Kind { get; set; } = "503";

    /// <summary>Chance that a matching request is hit; decided by a hash of the seed, the rule and the request's
    /// ordinal, so the same seed and the same request sequence always give the same faults.</summary>
    public double Probability { get; set; } = 1.0;

    /// <summary>Matching requests let through before the rule starts firing.</summary>
    public int Skip { get; set; }

    /// <summary>How many times the rule fires at most; unlimited when null.</summary>
    public int? Times { get; set; }

    /// <summary>The Retry-After a "429" (and a "503") answers with, in whole seconds.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>The delay of a "latency" fault.</summary>
    public int LatencyMilliseconds { get; set; } = 500;

    /// <summary>How long a "stall" holds a half-sent transfer open before cutting it, unless the client leaves first.</summary>
    public int StallSeconds { get; set; } = 300;

    /// <summary>
    /// What a "tamper-name" fault turns each <c>file_name</c> into; <c>{name}</c> is the real name. E.g.
    /// <c>../{name}</c> (the default), <c>..\{name}</c>, <c>/etc/{name}</c>, <c>C:\Windows\{name}</c>, <c>sub/{name}</c>.
    /// </summary>
    public string TamperPattern { get; set; } = "../{name}";

    public FaultRule Clone() => (FaultRule)MemberwiseClone();

    public bool Matches(string routeName) =>
        Route == "*"
        || (Route.EndsWith('*') && routeName.StartsWith(Route[..^1], StringComparison.OrdinalIgnoreCase))
        || string.Equals(Route, routeName, StringComparison.OrdinalIgnoreCase);

    internal void Validate(string where)
    {
        if (string.IsNullOrWhiteSpace(Route))
            throw new ArgumentException($"{where}: Route must name a route (e.g. edit.status, storage.put, *).");
        if (!Kinds.Contains(Kind))
            throw new ArgumentException($"{where}: Kind must be one of {string.Join(", ", Kinds)}, not '{Kind}'.");
        if (!(Probability is >= 0 and <= 1))
            throw new ArgumentException($"{where}: Probability must be between 0 and 1, not {Probability}.");
        if (Kind == "tamper-name" && !TamperPattern.Contains("{name}", StringComparison.Ordinal))
            throw new ArgumentException($"{where}: TamperPattern must contain {{name}}, e.g. ../{{name}}.");
        if (Skip < 0 || Times < 0 || RetryAfterSeconds < 0 || LatencyMilliseconds < 0 || StallSeconds < 0)
            throw new ArgumentException($"{where}: Skip, Times, RetryAfterSeconds, LatencyMilliseconds and StallSeconds cannot be negative.");
    }

    public override string ToString() =>
        $"{Kind} on {Route}" + (Times is { } t ? $" x{t}" : "") + (Skip > 0 ? $" after {Skip}" : "") +
        (Probability < 1 ? $" p={Probability}" : "");
}
