namespace Imagen.Emulator.CommandLine;

/// <summary>What the program was asked to do.</summary>
public sealed record EmulatorCommand
{
    public enum Action { Serve, GenerateSamples, Help }

    public required Action What { get; init; }
    public EmulatorOptions Options { get; init; } = new();
    public string? SamplesDirectory { get; init; }
    public int SampleCount { get; init; } = 12;
    public string SampleKind { get; init; } = "raw";
    public int SampleSeed { get; init; } = 1;
}
