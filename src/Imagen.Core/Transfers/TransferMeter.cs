using System;
using System.Diagnostics;
using System.Threading;

namespace Imagen.Core
{
    /// <summary>
    /// Counts bytes and files across concurrent transfers and reports snapshots, throttled so a fast transfer does
    /// not flood the caller (PowerShell redraws on every progress record).
    /// </summary>
    internal sealed class TransferMeter
    {
        private static readonly long ReportEveryTicks = Stopwatch.Frequency / 10;

        private readonly string _operation;
        private readonly int _totalFiles;
        private readonly IProgress<ImagenTransferProgress>? _progress;
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private long _totalBytes;
        private long _transferred;
        private int _completed;
        private int _failed;
        private long _lastReport;
        private string? _current;

        public TransferMeter(string operation, int totalFiles, long totalBytes, IProgress<ImagenTransferProgress>? progress)
        {
            _operation = operation;
            _totalFiles = totalFiles;
            _totalBytes = totalBytes;
            _progress = progress;
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
        /// Counts a finished file. Reported like bytes, at most every ~100 ms, and at once for the last file: a
        /// report per file made thousands of progress records (and PowerShell redraws) for a shoot of small files.
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
            _progress.Report(new ImagenTransferProgress(_operation, _totalFiles, Volatile.Read(ref _completed), Volatile.Read(ref _failed), Interlocked.Read(ref _totalBytes), Interlocked.Read(ref _transferred), _watch.Elapsed, _current));
        }
    }
}
