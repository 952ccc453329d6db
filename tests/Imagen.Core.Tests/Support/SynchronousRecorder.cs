namespace Imagen.Core.Tests.Support;

/// <summary>An IProgress that records (or reacts) on the reporting thread, unlike Progress&lt;T&gt;.</summary>
public sealed class SynchronousRecorder<T> : IProgress<T>
{
    private readonly Action<T> _handler;

    public SynchronousRecorder(List<T> sink)
    {
        _handler = value =>
        {
            lock (sink)
            {
                sink.Add(value);
            }
        };
    }

    public SynchronousRecorder(Action<T> handler)
    {
        _handler = handler;
    }

    public void Report(T value) => _handler(value);
}
