using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// The files of an upload or download run that are waiting out their retry window, each as its task: the run
    /// ends when they have. Finished ones are dropped now and then, not on every add (thousands retry in an outage).
    /// </summary>
    internal sealed class RetryingTransfers
    {
        private readonly List<Task> _tasks = new List<Task>();
        private int _pruneAt = 64;

        public void Add(Task retry)
        {
            lock (_tasks)
            {
                if (_tasks.Count >= _pruneAt)
                {
                    _tasks.RemoveAll(t => t.Status == TaskStatus.RanToCompletion);
                    _pruneAt = Math.Max(64, _tasks.Count * 2);
                }

                _tasks.Add(retry);
            }
        }

        /// <summary>The retries so far; a retry adds none, so one snapshot after the workers ended holds them all.</summary>
        public IReadOnlyCollection<Task> Snapshot()
        {
            lock (_tasks)
            {
                return _tasks.ToArray();
            }
        }

        /// <summary>Waits for them to end after a stop, whatever they ended with (the stop's cause is what counts).</summary>
        public async Task EndedAsync()
        {
            try
            {
                await Task.WhenAll(Snapshot()).ConfigureAwait(false);
            }
            catch
            {
                // Each ended with the run's stop, or with a failure the stop's own cause outranks.
            }
        }
    }
}
