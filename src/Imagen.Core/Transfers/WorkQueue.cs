using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// A bounded queue between the stages of a transfer pipeline (hash -> links -> PUT): producers wait while it is
    /// full, so a stage never runs far ahead of the next (links are not fetched long before their use, per-file state
    /// is bounded); consumers wait while it is empty and learn when the producers are done. (System.Threading.Channels
    /// would do, but is not part of .NET Framework 4.7.2 and would be one more assembly to ship for Windows PowerShell.)
    /// </summary>
    internal sealed class WorkQueue<T> : IDisposable
    {
        private readonly ConcurrentQueue<T> _items = new ConcurrentQueue<T>();

        // One count per queued item, plus one more once completed; a taker that finds the queue empty after taking a
        // count took the completion's and hands it on, so every waiting taker wakes to find the queue done.
        private readonly SemaphoreSlim _filled = new SemaphoreSlim(0);
        private readonly SemaphoreSlim _space;
        private int _completed;

        public WorkQueue(int capacity)
        {
            if (capacity < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be at least 1.");
            }

            _space = new SemaphoreSlim(capacity);
        }

        /// <summary>Adds an item, waiting while the queue is full.</summary>
        public async Task AddAsync(T item, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _completed) != 0)
            {
                throw new InvalidOperationException("No item can be added to a completed queue.");
            }

            await _space.WaitAsync(cancellationToken).ConfigureAwait(false);
            _items.Enqueue(item);
            _filled.Release();
        }

        /// <summary>No more items will be added; takers get the remaining ones, then false.</summary>
        public void Complete()
        {
            if (Interlocked.Exchange(ref _completed, 1) == 0)
            {
                _filled.Release();
            }
        }

        /// <summary>The next item, waiting for one; (false, default) once the queue is completed and empty.</summary>
        public async Task<(bool Taken, T Item)> TakeAsync(CancellationToken cancellationToken)
        {
            await _filled.WaitAsync(cancellationToken).ConfigureAwait(false);
            return Dequeue();
        }

        /// <summary>The next item if one is queued now, without waiting.</summary>
        public bool TryTake(out T item)
        {
            if (!_filled.Wait(0))
            {
                item = default!;
                return false;
            }

            var (taken, next) = Dequeue();
            item = next;
            return taken;
        }

        public void Dispose()
        {
            _filled.Dispose();
            _space.Dispose();
        }

        private (bool, T) Dequeue()
        {
            if (_items.TryDequeue(out var item))
            {
                _space.Release();
                return (true, item);
            }

            _filled.Release(); // the completion's count: pass it on
            return (false, default!);
        }
    }
}
