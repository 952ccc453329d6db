using System.Diagnostics;

namespace Imagen.Emulator.Storage;

/// <summary>
/// A line of limited speed, as a token bucket kept as the time the line is next free: each caller pays for the bytes
/// it moved and waits until the schedule has caught up (less a 50 ms burst an idle line may bank). The rate is given
/// per call, so a runtime settings change takes effect with the next chunk.
/// </summary>
public sealed class StorageLine
{
    private static readonly long BurstTicks = Stopwatch.Frequency / 20;

    private readonly object _gate = new();
    private long _freeAt = Stopwatch.GetTimestamp();

    /// <summary>Bytes worth about 20 ms of a line of <paramref name="megabitsPerSecond"/>, between 4 and 64 KiB.</summary>
    public static int SliceFor(double megabitsPerSecond) => (int)Math.Clamp(megabitsPerSecond * 1_000_000 / 8 / 50, 4096, 64 * 1024);

    /// <summary>Waits until <paramref name="bytes"/> fit on a line of <paramref name="megabitsPerSecond"/> (0: no limit).</summary>
    public Task PayAsync(int bytes, double megabitsPerSecond, CancellationToken cancellationToken)
    {
        if (megabitsPerSecond <= 0 || bytes <= 0)
            return Task.CompletedTask;

        long waitTicks;
        lock (_gate)
        {
            long now = Stopwatch.GetTimestamp();
            long cost = (long)Math.Round(bytes * 8 / (megabitsPerSecond * 1_000_000) * Stopwatch.Frequency);
            _freeAt = Math.Max(_freeAt, now) + cost;
            waitTicks = _freeAt - BurstTicks - now;
        }
        return waitTicks > 0 ? Task.Delay(TimeSpan.FromSeconds(waitTicks / (double)Stopwatch.Frequency), cancellationToken) : Task.CompletedTask;
    }
}
