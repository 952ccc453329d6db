using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// How many transfers of one upload or download run at once: a fixed number (ThrottleLimit), or automatic. In
    /// automatic mode it samples what its transfers did every <see cref="SampleInterval"/> (bytes moved, transfers
    /// finished and how long each took, transfers running), with the events they report (429/503, connection errors)
    /// and whether the client's bandwidth cap was filled, and lets a <see cref="ConcurrencyController"/> decide; the
    /// <see cref="Gate"/> applies each decision, and -Verbose gets one line per change and the rate reached at the end.
    /// </summary>
    internal sealed class TransferConcurrency : IDisposable
    {
        /// <summary>A sample this share of the cap or more counts as a filled cap (timer wake-ups are late now and then).</summary>
        public const double CapFilledShare = 0.9;

        /// <summary>
        /// Parts of multipart uploads in flight when the concurrency is automatic. Each part is held in memory, so
        /// parts do not follow the automatic concurrency up to its bound (64 × 64 MiB): memory stays 5 × part size.
        /// </summary>
        public const int AutomaticPartsInFlight = 5;

        public static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(250);

        private readonly string _operation;
        private readonly ConcurrencyController? _controller;
        private readonly TransferMeter _meter;
        private readonly BandwidthLimiter? _limiter;
        private readonly IImagenLog _log;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly long _startBytes;
        private Task _sampling = Task.CompletedTask;
        private long _moved;
        private int _transferring;
        private int _finished;
        private long _finishedBytes;
        private long _finishedTicks;

        /// <summary>When the concurrency last changed (Stopwatch timestamp): transfers begun before it do not tell its rate.</summary>
        private long _changedAt;
        private int _throttled;
        private int _connectionErrors;

        private TransferConcurrency(string operation, int? fixedLimit, TransferMeter meter, BandwidthLimiter? limiter, IImagenLog log)
        {
            _operation = operation;
            _meter = meter;
            _limiter = limiter;
            _log = log;
            _startBytes = meter.TransferredBytes;
            Parts = new SemaphoreSlim(fixedLimit ?? AutomaticPartsInFlight);
            if (fixedLimit.HasValue)
            {
                Gate = new ConcurrencyGate(fixedLimit.Value);
                Workers = fixedLimit.Value;
            }
            else
            {
                _controller = new ConcurrencyController();
                Gate = new ConcurrencyGate(_controller.Current);
                Workers = _controller.Maximum;
            }
        }

        /// <summary>Each transfer holds a slot of it for as long as it runs.</summary>
        public ConcurrencyGate Gate { get; }

        /// <summary>
        /// Parts of multipart uploads in flight, across the run's large files: the fixed number, or
        /// <see cref="AutomaticPartsInFlight"/>. Memory holds at most that many parts.
        /// </summary>
        public SemaphoreSlim Parts { get; }

        /// <summary>How many workers may ever be needed: the fixed number, or the automatic bound.</summary>
        public int Workers { get; }

        /// <summary>The concurrency in words, for the run's first line of -Verbose.</summary>
        public string Description => _controller == null
            ? $"{Workers} at a time (ThrottleLimit)"
            : $"automatic concurrency (from {_controller.Current} up to {_controller.Maximum} at a time)";

        /// <summary>Starts the run's concurrency: fixed at <paramref name="fixedLimit"/>, or automatic when it is null.</summary>
        public static TransferConcurrency Start(string operation, int? fixedLimit, TransferMeter meter, BandwidthLimiter? limiter, IImagenLog log)
        {
            if (fixedLimit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(fixedLimit), fixedLimit, "The throttle limit must be at least 1.");
            }

            var concurrency = new TransferConcurrency(operation, fixedLimit, meter, limiter, log);
            if (concurrency._controller != null)
            {
                concurrency._sampling = Task.Run(() => concurrency.SampleAsync(concurrency._stop.Token));
            }

            return concurrency;
        }

        /// <summary>A transfer begins (one request); disposing it ends it, however it ended.</summary>
        public Transfer Begin()
        {
            Interlocked.Increment(ref _transferring);
            return new Transfer(this, Stopwatch.GetTimestamp());
        }

        /// <summary>
        /// Counts bytes a transfer wrote to or read from its connection. Unlike the progress meter, a failed attempt's
        /// bytes are not taken back: they did cross the line.
        /// </summary>
        public void Moved(long bytes) => Interlocked.Add(ref _moved, bytes);

        /// <summary><paramref name="transfer"/> moved its <paramref name="bytes"/> whole and got storage's answer.</summary>
        public void Finished(Transfer transfer, long bytes)
        {
            if (_controller == null || transfer.Begun < Volatile.Read(ref _changedAt))
            {
                return;
            }

            Interlocked.Add(ref _finishedTicks, Stopwatch.GetTimestamp() - transfer.Begun);
            Interlocked.Add(ref _finishedBytes, bytes);
            Interlocked.Increment(ref _finished);
        }

        /// <summary>
        /// A transfer attempt failed: 429/503 from storage and connection failures are what the automatic concurrency
        /// backs off on; anything else (an expired link, a file that cannot be read) says nothing about the line.
        /// </summary>
        public void Failed(Exception failure, bool cancelledByCaller)
        {
            if (_controller == null || cancelledByCaller)
            {
                return;
            }

            if (failure is ImagenApiException api)
            {
                if (api.StatusCode == 429 || api.StatusCode == 503)
                {
                    Interlocked.Increment(ref _throttled);
                }
            }
            else if ((failure is HttpRequestException || failure is IOException || failure is TimeoutException || failure is OperationCanceledException) && !IsLocalFile(failure))
            {
                // A cancellation the caller did not ask for is the idle timeout: the connection went silent.
                Interlocked.Increment(ref _connectionErrors);
            }
        }

        /// <summary>A file that could not be read or written here (HttpClient wraps the upload's read error) is no fault of the line.</summary>
        private static bool IsLocalFile(Exception failure)
        {
            for (var e = failure; e != null; e = e.InnerException)
            {
                if (e is FileNotFoundException || e is DirectoryNotFoundException || e is UnauthorizedAccessException || e is PathTooLongException)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Stops sampling and tells the rate reached (and, when automatic, where the concurrency ended).</summary>
        public async Task StopAsync()
        {
            _stop.Cancel();
            await _sampling.ConfigureAwait(false);
            var bytes = _meter.TransferredBytes - _startBytes;
            var elapsed = _watch.Elapsed;
            if (bytes <= 0 || elapsed <= TimeSpan.Zero)
            {
                return;
            }

            var average = ImagenFormat.BitRate(bytes / elapsed.TotalSeconds);
            var moved = $"{average} on average ({ImagenFormat.Bytes(bytes)} in {ImagenFormat.Duration(elapsed)})";
            if (_controller == null)
            {
                _log.Verbose($"{_operation}: {moved}, {Workers} at a time (ThrottleLimit).");
                return;
            }

            var best = _controller.BestRate > 0 ? $", {ImagenFormat.BitRate(_controller.BestRate)} at best" : string.Empty;
            _log.Verbose($"{_operation}: {moved}{best}; automatic concurrency ended at {_controller.Current} (most {_controller.Peak}, {_controller.Changes} change{(_controller.Changes == 1 ? string.Empty : "s")}).");
        }

        public void Dispose()
        {
            _stop.Cancel();
            _stop.Dispose();
            Gate.Dispose();
            Parts.Dispose();
        }

        /// <summary>One request of a transfer, from <see cref="Begin"/> until disposed: what "transfers running" counts.</summary>
        internal readonly struct Transfer : IDisposable
        {
            private readonly TransferConcurrency _owner;

            public Transfer(TransferConcurrency owner, long begun)
            {
                _owner = owner;
                Begun = begun;
            }

            /// <summary>Its Stopwatch timestamp.</summary>
            public long Begun { get; }

            public void Dispose() => Interlocked.Decrement(ref _owner._transferring);
        }

        private async Task SampleAsync(CancellationToken cancellationToken)
        {
            var controller = _controller!;
            var last = _watch.Elapsed;
            var lastMoved = Interlocked.Read(ref _moved);
            var lastPaid = _limiter?.BytesPaid ?? 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(SampleInterval, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var now = _watch.Elapsed;
                var moved = Interlocked.Read(ref _moved);
                var paid = _limiter?.BytesPaid ?? 0;
                var duration = now - last;
                var sample = new ConcurrencySample
                {
                    Duration = duration,
                    Bytes = moved - lastMoved,
                    Finished = Interlocked.Exchange(ref _finished, 0),
                    FinishedBytes = Interlocked.Exchange(ref _finishedBytes, 0),
                    FinishedTime = TimeSpan.FromSeconds(Interlocked.Exchange(ref _finishedTicks, 0) / (double)Stopwatch.Frequency),
                    Running = Volatile.Read(ref _transferring),
                    Throttled = Interlocked.Exchange(ref _throttled, 0),
                    ConnectionErrors = Interlocked.Exchange(ref _connectionErrors, 0),
                    CapFilled = _limiter != null && (paid - lastPaid) >= CapFilledShare * _limiter.BytesPerSecond * duration.TotalSeconds,
                };
                (last, lastMoved, lastPaid) = (now, moved, paid);

                var decision = controller.Observe(sample);
                if (decision.Changed)
                {
                    Volatile.Write(ref _changedAt, Stopwatch.GetTimestamp());
                    Gate.SetLimit(decision.To);
                    _log.Verbose($"{_operation} concurrency {decision.From} -> {decision.To}: {decision.Reason}.");
                }
                else if (decision.Reason != null)
                {
                    _log.Verbose($"{_operation} concurrency stays at {decision.To}: {decision.Reason}.");
                }
            }
        }
    }
}
