using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;

namespace Imagen.Core
{
    /// <summary>
    /// Counts bytes and files across concurrent transfers and reports snapshots, throttled so a fast transfer does
    /// not flood the caller (PowerShell redraws on every progress record). While the transfer runs it also reports on
    /// a heartbeat, so what is shown keeps up with the work when nothing moves: the files finished just before a
    /// stall are counted, and the rate (over the last few seconds, not since the start) falls to zero. Dispose it when
    /// the transfer ends; <see cref="Complete"/> sends the last snapshot.
    /// </summary>
    internal sealed class TransferMeter : IDisposable
    {
        private static readonly long ReportEveryTicks = Stopwatch.Frequency / 10;

        /// <summary>The rate is the bytes moved over this last stretch of time.</summary>
        internal static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(3);

        /// <summary>How often a snapshot goes out when nothing else reports one.</summary>
        internal static readonly TimeSpan Heartbeat = TimeSpan.FromMilliseconds(500);

        private readonly string _operation;
        private readonly int _totalFiles;
        private readonly bool _totalBytesKnown;
        private readonly IProgress<ImagenTransferProgress>? _progress;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private readonly Timer? _heartbeat;

        // (stopwatch ticks, bytes transferred) at each snapshot within the rate window, oldest first.
        private readonly Queue<KeyValuePair<long, long>> _samples = new Queue<KeyValuePair<long, long>>();
        private long _totalBytes;
        private long _transferred;
        private int _completed;
        private int _failed;
        private long _lastReport;
        private int _finished;
        private string? _current;

        /// <param name="totalBytesKnown">
        /// False when the sizes come in only as each file starts (downloads): the total then says how far the files
        /// started so far have come, not the job, and is reported as not known.
        /// </param>
        public TransferMeter(string operation, int totalFiles, long totalBytes, IProgress<ImagenTransferProgress>? progress, bool totalBytesKnown = true)
        {
            _operation = operation;
            _totalFiles = totalFiles;
            _totalBytes = totalBytes;
            _totalBytesKnown = totalBytesKnown;
            _progress = progress;
            _samples.Enqueue(new KeyValuePair<long, long>(0, 0));
            if (progress != null)
            {
                _heartbeat = new Timer(_ => Beat(), null, Heartbeat, Heartbeat);
            }
        }

        public long TransferredBytes => Interlocked.Read(ref _transferred);

        public TimeSpan Elapsed => _watch.Elapsed;

        public void AddExpectedBytes(long bytes) => Interlocked.Add(ref _totalBytes, bytes);

        /// <summary>Counts bytes moved (negative to take back a failed attempt's bytes before a retry).</summary>
        public void AddBytes(long bytes, string file)
        {
            Interlocked.Add(ref _transferred, bytes);
            _current = file;
            Report(force: false);
        }

        /// <summary>
        /// Counts a finished file. Reported like bytes, at most every ~100 ms (the heartbeat brings a count that was
        /// held back), and at once for the last file: a report per file made thousands of progress records (and
        /// PowerShell redraws) for a shoot of small files.
        /// </summary>
        public void FileCompleted(string file)
        {
            var completed = Interlocked.Increment(ref _completed);
            _current = file;
            Report(force: completed + Volatile.Read(ref _failed) >= _totalFiles);
        }

        public void FileFailed(string file)
        {
            Interlocked.Increment(ref _failed);
            _current = file;
            Report(force: true);
        }

        /// <summary>A file counted as failed is being tried again.</summary>
        public void FileRetrying(string file)
        {
            Interlocked.Decrement(ref _failed);
            _current = file;
        }

        /// <summary>The transfer has ended: the heartbeat stops and the last snapshot goes out.</summary>
        public void Complete()
        {
            Stop();
            Report(force: true);
        }

        public void Dispose() => Stop();

        public void Report(bool force)
        {
            if (_progress == null)
            {
                return;
            }

            var now = _watch.ElapsedTicks;
            var last = Interlocked.Read(ref _lastReport);
            // The first bytes are reported at once (the user sees movement), later ones at most every ~100 ms.
            if (!force && last != 0 && now - last < ReportEveryTicks)
            {
                return;
            }

            if (!force && Interlocked.CompareExchange(ref _lastReport, Math.Max(now, 1), last) != last)
            {
                return;
            }

            Interlocked.Exchange(ref _lastReport, Math.Max(now, 1));
            _progress.Report(Snapshot(now));
        }

        private ImagenTransferProgress Snapshot(long now)
        {
            var transferred = Interlocked.Read(ref _transferred);
            double rate;
            lock (_samples)
            {
                // Keep one sample at or before the window's start, so the rate covers the whole window.
                var windowStart = now - (long)(RateWindow.TotalSeconds * Stopwatch.Frequency);
                _samples.Enqueue(new KeyValuePair<long, long>(now, transferred));
                while (_samples.Count > 2 && SecondOldest() <= windowStart)
                {
                    _samples.Dequeue();
                }

                var oldest = _samples.Peek();
                var seconds = (double)(now - oldest.Key) / Stopwatch.Frequency;
                rate = seconds > 0 ? Math.Max(0, (transferred - oldest.Value) / seconds) : 0;
            }

            return new ImagenTransferProgress(_operation, _totalFiles, Volatile.Read(ref _completed), Volatile.Read(ref _failed), Interlocked.Read(ref _totalBytes), transferred, _watch.Elapsed, _current, rate, _totalBytesKnown);
        }

        private long SecondOldest()
        {
            using (var samples = _samples.GetEnumerator())
            {
                samples.MoveNext();
                samples.MoveNext();
                return samples.Current.Key;
            }
        }

        private void Beat()
        {
            if (Volatile.Read(ref _finished) == 0)
            {
                Report(force: false);
            }
        }

        private void Stop()
        {
            if (Interlocked.Exchange(ref _finished, 1) == 0)
            {
                _heartbeat?.Dispose();
            }
        }
    }
}
