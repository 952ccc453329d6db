namespace Imagen.Emulator.Samples;

/// <summary>SplitMix64: a tiny generator whose sequence for a seed never changes between runtimes or machines.</summary>
internal sealed class SampleRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Between(double min, double max) => min + (max - min) * NextDouble();

    public int Next(int minInclusive, int maxExclusive) => minInclusive + (int)(NextUInt64() % (ulong)(maxExclusive - minInclusive));

    /// <summary>A generator for one item of a sequence, independent of how many numbers the others drew.</summary>
    public static SampleRandom For(int seed, int index, int stream = 0) =>
        new(unchecked((ulong)(uint)seed * 0x100000001B3UL ^ ((ulong)(uint)index << 20) ^ (ulong)stream * 0xC2B2AE3D27D4EB4FUL));
}
