namespace Imagen.Emulator.Jobs;

/// <summary>One completion callback the emulator sent (§3.9), kept for the admin view.</summary>
public sealed record CallbackAttempt(
    DateTimeOffset Time, string Url, string ProjectUuid, string Action, string Status, int? StatusCode, string? Error);
