using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// A token bucket shared by every transfer of one client (azcopy's --cap-mbps): callers pay for each slice of
    /// bytes and wait until the line has room. The schedule is kept as a theoretical time at which the line is free
    /// again, so late timer wake-ups never lower the long-run rate, and idle time banks at most <see cref="Burst"/>.
    /// </summary>
    internal sealed class BandwidthLimiter
    {
        /// <summary>Slower caps would let one slice outlast a transfer's idle timeout at a high throttle.</summary>
        public const double MinimumMbps = 1;

        public const double MaximumMbps = 100_000;

        private static readonly TimeSpan BurstTime = TimeSpan.FromMilliseconds(50);

        private readonly Func<TimeSpan> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;
        private readonly object _gate = new object();
        private readonly double _ticksPerByte;
        private TimeSpan _lineFreeAt;
        private long _bytesPaid;

        public BandwidthLimiter(double megabitsPerSecond)
            : this(megabitsPerSecond, StopwatchClock(), (wait, token) => Task.Delay(wait, token))
        {
        }

        /// <summary>With an injected clock and delay, for tests of the arithmetic.</summary>
        internal BandwidthLimiter(double megabitsPerSecond, Func<TimeSpan> clock, Func<TimeSpan, CancellationToken, Task> delay)
        {
            if (!(megabitsPerSecond >= MinimumMbps && megabitsPerSecond <= MaximumMbps))
            {
                throw new ArgumentOutOfRangeException(nameof(megabitsPerSecond), megabitsPerSecond, Describe(megabitsPerSecond));
            }

            MegabitsPerSecond = megabitsPerSecond;
            BytesPerSecond = megabitsPerSecond * 1_000_000 / 8;
            _ticksPerByte = TimeSpan.TicksPerSecond / BytesPerSecond;
            _clock = clock;
            _delay = delay;
            _lineFreeAt = clock();

            // About 20 ms of the line per slice: small enough to share it fairly, large enough to cost nothing.
            SliceBytes = (int)Math.Max(4096, Math.Min(64 * 1024, BytesPerSecond / 50));
        }

        public double MegabitsPerSecond { get; }

        public double BytesPerSecond { get; }

        /// <summary>The most a caller should move per payment, so concurrent transfers take turns on the line.</summary>
        public int SliceBytes { get; }

        /// <summary>Every byte paid for so far, by all transfers: the automatic concurrency reads whether the cap is filled.</summary>
        public long BytesPaid => Interlocked.Read(ref _bytesPaid);

        /// <summary>How far ahead of the schedule an idle line may run.</summary>
        public static TimeSpan Burst => BurstTime;

        /// <summary>The allowed caps, in words.</summary>
        public static string Range => string.Format(CultureInfo.InvariantCulture, "between {0} and {1} megabits per second", MinimumMbps, MaximumMbps);

        /// <summary>The message for a cap outside the allowed range, naming the value.</summary>
        public static string Describe(double megabitsPerSecond) => string.Format(
            CultureInfo.InvariantCulture,
            "The bandwidth cap must be {0} (it was {1}). Leave it out for no cap.",
            Range,
            megabitsPerSecond);

        /// <summary>
        /// Pays for <paramref name="bytes"/>: completes when they may go on the wire. Cancellation ends the wait at
        /// once (the returned task is the delay itself, cancelled by the token).
        /// </summary>
        public Task ConsumeAsync(int bytes, CancellationToken cancellationToken)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return Task.FromCanceled(cancellationToken);
            }

            if (bytes <= 0)
            {
                return Task.CompletedTask;
            }

            Interlocked.Add(ref _bytesPaid, bytes);
            TimeSpan wait;
            lock (_gate)
            {
                var now = _clock();
                var start = _lineFreeAt > now ? _lineFreeAt : now;
                _lineFreeAt = start + TimeSpan.FromTicks((long)Math.Round(bytes * _ticksPerByte));

                // These bytes may go once the clock is within the burst allowance of the end of their turn.
                wait = _lineFreeAt - BurstTime - now;
            }

            // A cancelled wait keeps its place on the schedule: the next transfers lose at most one slice's time.
            return wait > TimeSpan.Zero ? _delay(wait, cancellationToken) : Task.CompletedTask;
        }

        private static Func<TimeSpan> StopwatchClock()
        {
            // Ticks, not FromSeconds: .NET Framework rounds FromSeconds to whole milliseconds.
            var timeSpanTicksPerTick = TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency;
            return () => TimeSpan.FromTicks((long)(Stopwatch.GetTimestamp() * timeSpanTicksPerTick));
        }
    }
}
