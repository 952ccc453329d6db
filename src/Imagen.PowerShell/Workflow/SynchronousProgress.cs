using System;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>
    /// An IProgress that calls straight through on the reporting thread (Progress&lt;T&gt; posts to the thread pool,
    /// which can deliver reports out of order and after the work has finished).
    /// </summary>
    internal sealed class SynchronousProgress<T> : IProgress<T>
    {
        private readonly Action<T> _report;

        public SynchronousProgress(Action<T> report)
        {
            _report = report;
        }

        public void Report(T value) => _report(value);
    }
}
