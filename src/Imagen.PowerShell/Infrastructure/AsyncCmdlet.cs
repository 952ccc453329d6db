using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Imagen.PowerShell.Errors;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// A cmdlet whose work runs as async code on worker threads while the pipeline thread stays in charge of
    /// PowerShell: only the pipeline thread calls Write* and ShouldProcess. Workers post to an outbox
    /// (<see cref="PostObject"/>, <see cref="PostError"/>, <see cref="PostVerbose"/>, ...) which the pipeline thread
    /// pumps while it waits; the wait also wakes on Ctrl+C. <see cref="StopProcessing"/> only cancels
    /// <see cref="StopToken"/>, which every await receives.
    /// </summary>
    public abstract class AsyncCmdlet : PSCmdlet, IDisposable
    {
        // Windows PowerShell redraws on every progress record: at most five updates a second per activity.
        private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

        // A stopped command gives its cancelled work this long to unwind (delete a partial download, close a
        // transfer) before handing control back: the host may exit right after. Cancelled work normally takes
        // milliseconds; the bound keeps Ctrl+C responsive if some await ignores the token.
        private static readonly TimeSpan UnwindTimeout = TimeSpan.FromSeconds(2);

        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();
        private readonly Dictionary<int, ProgressRecord> _pendingProgress = new Dictionary<int, ProgressRecord>();
        private readonly Dictionary<int, DateTime> _lastProgressWrite = new Dictionary<int, DateTime>();

        // The console host draws a record only when another arrives after its own 200 ms gate, so the last records
        // of a burst (a summary and its child written together) can stay undrawn until the next poll. After this
        // quiet gap the bars on screen are written once more, so what is shown is current.
        private static readonly TimeSpan ProgressQuietGap = TimeSpan.FromMilliseconds(300);
        private readonly List<ProgressRecord> _shownProgress = new List<ProgressRecord>();
        private DateTime? _progressRedrawDueUtc;
        private BlockingCollection<Action>? _outbox;
        private int _pipelineThreadId;
        private bool _disposed;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline is stopped.</summary>
        protected CancellationToken StopToken => _stopping.Token;

        /// <summary>Whether WriteDebug shows anything for this command (-Debug or $DebugPreference), read on the pipeline thread when its work starts.</summary>
        internal bool DebugWanted { get; private set; }

        /// <summary>The cmdlet whose work is running on this async flow (used to route Core's log).</summary>
        internal static AsyncCmdlet? Current => CurrentCmdlet.Value;

        private static readonly AsyncLocal<AsyncCmdlet?> CurrentCmdlet = new AsyncLocal<AsyncCmdlet?>();

        protected override void StopProcessing()
        {
            // After Ctrl+C the pipeline accepts no more records, so what the user must still learn (a billed project
            // and how to collect it) goes straight to the host, before the work is cancelled.
            string? notice = StopNotice;
            if (notice is not null)
            {
                try
                {
                    Host?.UI?.WriteWarningLine(notice);
                }
                catch (Exception)
                {
                    // A host that cannot write now: the re-run says the same when it continues the run.
                }
            }

            _stopping.Cancel();
        }

        private bool IsDebugWanted()
        {
            if (MyInvocation.BoundParameters.TryGetValue("Debug", out var debug) && debug is SwitchParameter debugSwitch)
            {
                return debugSwitch.IsPresent;
            }

            // Anything but the two silent preferences (Continue, Inquire, Stop, Break, an odd value) shows the messages.
            return !(GetVariableValue("DebugPreference") is ActionPreference preference
                && (preference == ActionPreference.SilentlyContinue || preference == ActionPreference.Ignore));
        }

        /// <summary>What to tell the user when the command is stopped now (Ctrl+C), or null. Read on the stopping thread.</summary>
        protected virtual string? StopNotice => null;

        /// <summary>Runs async work from Begin/Process/EndProcessing, pumping its output until it finishes.</summary>
        protected void RunAsync(Func<CancellationToken, Task> work) =>
            RunAsync<bool>(async ct => { await work(ct).ConfigureAwait(false); return true; });

        /// <summary>Runs async work from Begin/Process/EndProcessing, pumping its output until it finishes.</summary>
        protected T RunAsync<T>(Func<CancellationToken, Task<T>> work)
        {
            if (_outbox is not null)
            {
                throw new InvalidOperationException("RunAsync is not re-entrant.");
            }

            _pipelineThreadId = Environment.CurrentManagedThreadId;
            DebugWanted = IsDebugWanted();
            var outbox = new BlockingCollection<Action>();
            _outbox = outbox;
            Task<T> task;
            AsyncCmdlet? previous = CurrentCmdlet.Value;
            CurrentCmdlet.Value = this; // captured by Task.Run's execution context, so it flows to every continuation
            try
            {
                task = Task.Run(() => work(StopToken), StopToken);
            }
            finally
            {
                CurrentCmdlet.Value = previous;
            }

            task.ContinueWith(_ => outbox.CompleteAdding(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            try
            {
                Pump(outbox);
            }
            catch
            {
                // The pipeline is going away (Ctrl+C, a downstream Select-Object -First, a terminating error):
                // tell the work to stop too, and let it clean up before PowerShell moves on.
                _stopping.Cancel();
                WaitForWorkToUnwind(task);
                throw;
            }
            finally
            {
                _outbox = null;
            }

            return Complete(task);
        }

        private void Pump(BlockingCollection<Action> outbox)
        {
            try
            {
                while (!outbox.IsCompleted)
                {
                    int waitMs = _pendingProgress.Count > 0 ? (int)ProgressInterval.TotalMilliseconds : Timeout.Infinite;
                    if (_progressRedrawDueUtc is DateTime redrawDue)
                    {
                        int untilRedraw = Math.Max(0, (int)Math.Ceiling((redrawDue - DateTime.UtcNow).TotalMilliseconds));
                        waitMs = waitMs == Timeout.Infinite ? untilRedraw : Math.Min(waitMs, untilRedraw);
                    }

                    if (outbox.TryTake(out Action? message, waitMs, StopToken))
                    {
                        message();
                    }

                    FlushProgress(force: false);
                    RedrawProgressAfterQuietGap();
                }
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }

            FlushProgress(force: true);
        }

        private void WaitForWorkToUnwind(Task task)
        {
            bool finished;
            try
            {
                finished = task.Wait(UnwindTimeout);
            }
            catch (AggregateException)
            {
                finished = true; // cancelled or failed: either way it has finished, and the pipeline is going away
            }

            if (!finished)
            {
                try
                {
                    WriteDebug($"{MyInvocation.MyCommand.Name}: the stopped work did not finish within {UnwindTimeout.TotalSeconds:0.#} s; continuing without it.");
                }
                catch (PipelineStoppedException)
                {
                    // After Ctrl+C the engine accepts no more records; the note reaches -Debug only when the
                    // pipeline ends another way (a downstream Select-Object -First, a terminating error).
                }
            }
        }

        /// <summary>
        /// Runs a step on the pipeline thread; a <see cref="TerminatingErrorException"/> it throws (a missing key, a
        /// refused URL) becomes this command's terminating error.
        /// </summary>
        protected T OrTerminate<T>(Func<T> step)
        {
            try
            {
                return step();
            }
            catch (TerminatingErrorException terminating)
            {
                ThrowTerminatingError(terminating.ErrorRecord);
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        private T Complete<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
            catch (TerminatingErrorException terminating)
            {
                ThrowTerminatingError(terminating.ErrorRecord);
                throw; // not reached: ThrowTerminatingError always throws
            }
            catch (Exception error) when (error is not PipelineStoppedException && ImagenErrorRecords.IsImagenFailure(error))
            {
                ThrowTerminatingError(ImagenErrorRecords.FromException(error, target: null));
                throw;
            }
        }

        /// <summary>Writes an object now on the pipeline thread, or queues it from a worker.</summary>
        protected void PostObject(object? value) => Post(() => WriteObject(value));

        protected void PostError(ErrorRecord record) => Post(() => WriteError(record));

        protected internal void PostVerbose(string message) => Post(() => WriteVerbose(message));

        protected internal void PostDebug(string message) => Post(() => WriteDebug(message));

        protected void PostWarning(string message) => Post(() => WriteWarning(message));

        /// <summary>A line for the Information stream (6), which a redirected log keeps without -Verbose.</summary>
        protected void PostInformation(string message, string tag) => Post(() => WriteInformation(message, new[] { tag }));

        /// <summary>Progress: the latest record per activity wins, at most five a second; Completed goes at once.</summary>
        protected void PostProgress(ProgressRecord record) => Post(() => QueueProgress(record));

        /// <summary>
        /// Cmdlet.ShouldProcess, except that when it must ask and nobody can answer (pwsh -NonInteractive, as in a
        /// scheduled task, or a host without a UI) the command stops with ImagenConfirmationRequired, which says
        /// what to give instead, rather than the engine's "Read and Prompt functionality is not available". Hides the
        /// base method so that every confirmation of the module goes through this one.
        /// </summary>
        protected new bool ShouldProcess(string target, string action)
        {
            try
            {
                return base.ShouldProcess(target, action);
            }
            catch (Exception cannotAsk) when (cannotAsk is PSInvalidOperationException || cannotAsk is System.Management.Automation.Host.HostException)
            {
                ThrowTerminatingError(ImagenErrorRecords.ConfirmationRequired(MyInvocation.MyCommand, $"{action} on {target}", cannotAsk));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Cmdlet.ShouldContinue, with the same refusal as <see cref="ShouldProcess"/> when nobody can answer.</summary>
        protected new bool ShouldContinue(string query, string caption)
        {
            try
            {
                return base.ShouldContinue(query, caption);
            }
            catch (Exception cannotAsk) when (cannotAsk is PSInvalidOperationException || cannotAsk is System.Management.Automation.Host.HostException)
            {
                ThrowTerminatingError(ImagenErrorRecords.ConfirmationRequired(MyInvocation.MyCommand, caption, cannotAsk));
                throw; // not reached: ThrowTerminatingError always throws
            }
        }

        /// <summary>Asks ShouldProcess on the pipeline thread and awaits the answer.</summary>
        protected Task<bool> ShouldProcessAsync(string target, string action)
        {
            var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            // A stopped pipeline pumps no more messages: the question is never asked, so the worker must not wait.
            CancellationTokenRegistration onStop = StopToken.Register(() => answer.TrySetCanceled());
            answer.Task.ContinueWith(_ => onStop.Dispose(), TaskScheduler.Default);
            bool posted = Post(() =>
            {
                try
                {
                    answer.TrySetResult(ShouldProcess(target, action));
                }
                catch (Exception error)
                {
                    answer.TrySetException(error);
                    throw;
                }
            });
            if (!posted)
            {
                answer.TrySetCanceled();
            }

            return answer.Task;
        }

        /// <summary>Delivers or queues a message; false when it had to be dropped.</summary>
        private bool Post(Action message)
        {
            BlockingCollection<Action>? outbox = _outbox;
            bool onWorkerFlow = ReferenceEquals(CurrentCmdlet.Value, this);
            if (Environment.CurrentManagedThreadId == _pipelineThreadId || (outbox is null && !onWorkerFlow))
            {
                // On the pipeline thread (synchronous code in Begin/Process/End): write directly.
                message();
                return true;
            }

            if (outbox is null)
            {
                // A worker still talking after its RunAsync returned: there is no pump, and writing from this
                // thread would fail, so the message is dropped.
                return false;
            }

            try
            {
                outbox.Add(message);
                return true;
            }
            catch (InvalidOperationException)
            {
                // The work has finished and the pump is gone: a straggling message has nowhere to go.
                return false;
            }
        }

        private void QueueProgress(ProgressRecord record)
        {
            if (record.RecordType == ProgressRecordType.Completed)
            {
                _pendingProgress.Remove(record.ActivityId);
                _lastProgressWrite.Remove(record.ActivityId);
                _shownProgress.RemoveAll(shown => shown.ActivityId == record.ActivityId);
                WriteProgress(record);
                return;
            }

            _pendingProgress[record.ActivityId] = record;
            FlushProgress(force: false);
        }

        private void FlushProgress(bool force)
        {
            if (_pendingProgress.Count == 0)
            {
                return;
            }

            DateTime now = DateTime.UtcNow;
            foreach (ProgressRecord record in new List<ProgressRecord>(_pendingProgress.Values))
            {
                bool due = force
                    || !_lastProgressWrite.TryGetValue(record.ActivityId, out DateTime last)
                    || now - last >= ProgressInterval;
                if (due)
                {
                    _pendingProgress.Remove(record.ActivityId);
                    _lastProgressWrite[record.ActivityId] = now;
                    WriteProgress(record);
                    int shown = _shownProgress.FindIndex(r => r.ActivityId == record.ActivityId);
                    if (shown >= 0)
                    {
                        _shownProgress[shown] = record;
                    }
                    else
                    {
                        _shownProgress.Add(record);
                    }

                    _progressRedrawDueUtc = now + ProgressQuietGap;
                }
            }
        }

        /// <summary>Writes the bars on screen once more when nothing new came for a quiet gap (see ProgressQuietGap).</summary>
        private void RedrawProgressAfterQuietGap()
        {
            if (_progressRedrawDueUtc is not DateTime due || DateTime.UtcNow < due || _pendingProgress.Count > 0)
            {
                return;
            }

            _progressRedrawDueUtc = null;
            // Parents were shown before their children: the same order keeps the host's tree intact.
            foreach (ProgressRecord record in _shownProgress)
            {
                WriteProgress(record);
            }
        }

        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        protected virtual void Dispose(bool disposing)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (disposing)
            {
                _stopping.Cancel();
                _stopping.Dispose();
            }
        }
    }
}
