using System;

namespace Imagen.Core
{
    /// <summary>
    /// An IProgress that calls back on the reporting thread. Progress&lt;T&gt; would post to a captured
    /// SynchronizationContext (or the thread pool) and could deliver reports out of order or after the run ended.
    /// </summary>
    internal sealed class SynchronousProgress<T> : IProgress<T>
    {
        private readonly Action<T> _handler;

        public SynchronousProgress(Action<T> handler)
        {
            _handler = handler;
        }

        public void Report(T value) => _handler(value);
    }
}
