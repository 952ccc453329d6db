using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// A fixed number of workers instead of a task per file: for 20,000 files that is a handful of state machines,
    /// not 20,000 tasks and closures alive for the whole run. Per-file failures are the body's business (it records
    /// them and returns); an exception that escapes a worker is fatal to the run: it stops the other workers and is
    /// rethrown once they have all ended.
    /// </summary>
    internal static class WorkerPool
    {
        /// <summary>Runs <paramref name="workers"/> copies of <paramref name="worker"/>, each given a token that is cancelled by the caller or by another worker's failure.</summary>
        public static Task RunAsync(int workers, Func<CancellationToken, Task> worker, CancellationToken cancellationToken)
        {
            if (workers < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker is needed.");
            }

            return RunAllAsync(Enumerable.Repeat(worker, workers).ToList(), cancellationToken);
        }

        /// <summary>Runs different workers (the stages of a pipeline) together, with the same rules as <see cref="RunAsync"/>.</summary>
        public static async Task RunAllAsync(IReadOnlyList<Func<CancellationToken, Task>> workers, CancellationToken cancellationToken)
        {
            using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                // On the pool, not inline on the caller's stack (and not on a caller's synchronization context).
                var running = workers.Select(worker => Task.Run(() => RunOneAsync(worker, stop))).ToList();
                await WhenAllThenFirstFailureAsync(running, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Runs <paramref name="body"/> for each item, <paramref name="workers"/> at a time, in order of the list.</summary>
        public static async Task ForEachAsync<T>(IReadOnlyList<T> items, int workers, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            if (workers < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(workers), workers, "At least one worker is needed.");
            }

            using (var gate = new ConcurrencyGate(workers))
            {
                await ForEachAsync(items, gate, workers, body, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Runs <paramref name="body"/> for each item, in order of the list, each within a slot of
        /// <paramref name="gate"/>, whose limit may change while it runs; <paramref name="workers"/> is the most it
        /// may ever allow.
        /// </summary>
        public static Task ForEachAsync<T>(IReadOnlyList<T> items, ConcurrencyGate gate, int workers, Func<T, CancellationToken, Task> body, CancellationToken cancellationToken)
        {
            var next = -1;
            return RunAsync(Math.Max(1, Math.Min(workers, items.Count)), async token =>
            {
                while (Volatile.Read(ref next) < items.Count - 1)
                {
                    await gate.WaitAsync(token).ConfigureAwait(false);
                    try
                    {
                        var index = Interlocked.Increment(ref next);
                        if (index >= items.Count)
                        {
                            return;
                        }

                        // The caller's token too: it is set before the linked one, which its callback cancels a moment later.
                        cancellationToken.ThrowIfCancellationRequested();
                        token.ThrowIfCancellationRequested();
                        await body(items[index], token).ConfigureAwait(false);
                    }
                    finally
                    {
                        gate.Release();
                    }
                }
            }, cancellationToken);
        }

        /// <summary>
        /// <see cref="ForEachAsync"/> for synchronous, CPU-bound work: each worker is a thread of its own, not a
        /// thread-pool thread. Work that holds a pool thread for long delays every continuation queued behind it (with
        /// one core the pool starts with one thread, and grows only after half a second of starvation), and those
        /// continuations are the transfers that keep the wire busy.
        /// </summary>
        public static Task ForEachOnOwnThreadsAsync<T>(IReadOnlyList<T> items, int workers, Action<T, CancellationToken> body, CancellationToken cancellationToken)
        {
            var next = -1;
            var count = Math.Max(1, Math.Min(workers, items.Count));
            return RunAsync(count, token => Task.Factory.StartNew(
                () =>
                {
                    int index;
                    while ((index = Interlocked.Increment(ref next)) < items.Count)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        token.ThrowIfCancellationRequested();
                        body(items[index], token);
                    }
                },
                token,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default), cancellationToken);
        }

        /// <summary>
        /// Awaits every task; then throws the first failure that is not merely a consequence of another (a
        /// cancellation caused by a failing stage), or the caller's cancellation.
        /// </summary>
        public static async Task WhenAllThenFirstFailureAsync(IReadOnlyCollection<Task> tasks, CancellationToken cancellationToken)
        {
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch
            {
                var failure = tasks.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault(e => !(e is OperationCanceledException));
                if (failure != null && !cancellationToken.IsCancellationRequested)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }

                cancellationToken.ThrowIfCancellationRequested();
                throw;
            }
        }

        private static async Task RunOneAsync(Func<CancellationToken, Task> worker, CancellationTokenSource stop)
        {
            try
            {
                await worker(stop.Token).ConfigureAwait(false);
            }
            catch
            {
                Cancel(stop);
                throw;
            }
        }

        /// <summary>Cancels the others; a linked source may already be disposed when a late worker fails.</summary>
        public static void Cancel(CancellationTokenSource stop)
        {
            try
            {
                stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
