using System;
using System.Threading;

namespace Imagen.Core
{
    /// <summary>
    /// A cancellation that fires when no byte has moved for a while, instead of a fixed limit on the whole transfer
    /// (a 5 GB upload may take hours, a stalled one should not).
    /// </summary>
    internal sealed class IdleTimeout : IDisposable
    {
        private readonly CancellationTokenSource _source;
        private readonly TimeSpan _limit;
        private readonly CancellationToken _outer;
        private int _lastReset = Environment.TickCount;

        public IdleTimeout(CancellationToken outer, TimeSpan limit)
        {
            _outer = outer;
            _limit = limit;
            _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _source.CancelAfter(limit);
        }

        public CancellationToken Token => _source.Token;

        /// <summary>True when the idle limit (not the caller) cancelled.</summary>
        public bool Expired => _source.IsCancellationRequested && !_outer.IsCancellationRequested;

        public TimeSpan Limit => _limit;

        /// <summary>Called per chunk; the timer itself is re-armed at most every 250 ms (it is far longer anyway).</summary>
        public void Reset()
        {
            var now = Environment.TickCount;
            if (unchecked(now - _lastReset) < 250)
            {
                return;
            }

            _lastReset = now;
            try
            {
                _source.CancelAfter(_limit);
            }
            catch (ObjectDisposedException)
            {
                // A late progress callback after the transfer ended.
            }
        }

        public void Dispose() => _source.Dispose();
    }
}
