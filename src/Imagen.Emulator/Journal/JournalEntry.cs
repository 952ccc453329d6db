namespace Imagen.Emulator.Journal;

/// <summary>
/// One request the emulator received: what a client sent (headers with the API key redacted, body size) and what
/// it got back. <see cref="Status"/> is 0 when the connection was cut before a response (a "drop" fault or the
/// client going away).
/// </summary>
public sealed record JournalEntry(
    long Sequence,
    DateTimeOffset Time,
    string Method,
    string Path,
    string Query,
    string? Route,
    IReadOnlyDictionary<string, string> Headers,
    long BodySize,
    int Status,
    double DurationMs);
