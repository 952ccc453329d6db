using System;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// A semaphore whose limit can change while it is held: more slots free waiting transfers at once; fewer take effect
    /// as the transfers in flight finish (a running transfer is never interrupted).
    /// </summary>
    internal sealed class ConcurrencyGate : IDisposable
    {
        private readonly SemaphoreSlim _slots;
        private readonly object _gate = new object();
        private int _limit;

        /// <summary>Releases still to be swallowed because the limit went down while those slots were held.</summary>
        private int _debt;

        public ConcurrencyGate(int limit)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
            }

            _limit = limit;
            _slots = new SemaphoreSlim(limit);
        }

        public Task WaitAsync(CancellationToken cancellationToken) => _slots.WaitAsync(cancellationToken);

        public void Release()
        {
            lock (_gate)
            {
                if (_debt > 0)
                {
                    _debt--;
                    return;
                }

                // Under the lock, so a concurrent SetLimit sees a consistent count; SemaphoreSlim resumes its async
                // waiters asynchronously, so nothing runs inside this lock.
                _slots.Release();
            }
        }

        public void SetLimit(int limit)
        {
            if (limit < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit must be at least 1.");
            }

            lock (_gate)
            {
                var change = limit - _limit;
                _limit = limit;
                if (change > 0)
                {
                    var repaid = Math.Min(_debt, change);
                    _debt -= repaid;
                    if (change > repaid)
                    {
                        _slots.Release(change - repaid);
                    }

                    return;
                }

                // Free slots go now; slots in use go when they are released.
                var fewer = -change;
                while (fewer > 0 && _slots.Wait(0))
                {
                    fewer--;
                }

                _debt += fewer;
            }
        }

        public void Dispose() => _slots.Dispose();
    }
}
