using System.Collections.Concurrent;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Journal;

/// <summary>The requests received, oldest first, bounded by <see cref="EmulatorOptions.JournalCapacity"/>.</summary>
public sealed class RequestJournal(SettingsStore settings)
{
    private readonly ConcurrentQueue<JournalEntry> _entries = new();
    private long _sequence;

    public long NextSequence() => Interlocked.Increment(ref _sequence);

    public void Add(JournalEntry entry)
    {
        _entries.Enqueue(entry);
        int capacity = settings.Current.JournalCapacity;
        while (_entries.Count > capacity && _entries.TryDequeue(out _)) { }
    }

    /// <summary>Entries with a sequence number above <paramref name="since"/>, in the order they finished.</summary>
    public IReadOnlyList<JournalEntry> Since(long since) => _entries.Where(e => e.Sequence > since).ToList();

    public void Clear() => _entries.Clear();
}
