using System.Collections.Concurrent;

namespace Imagen.Core.Tests.Support;

/// <summary>Keeps every log line (from any thread) so tests can assert on the story and on what must never appear.</summary>
public sealed class RecordingLog : IImagenLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => _lines.ToArray();

    public string All => string.Join("\n", _lines);

    public bool IsDebugEnabled => true;

    public void Verbose(string message) => _lines.Enqueue("VERBOSE: " + message);

    public void Debug(string message) => _lines.Enqueue("DEBUG: " + message);
}
