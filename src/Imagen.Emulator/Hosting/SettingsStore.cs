namespace Imagen.Emulator.Hosting;

/// <summary>
/// The settings in force. Each request reads one consistent snapshot; a runtime change (admin endpoint) swaps in a
/// validated copy, so nothing ever sees a half-applied change.
/// </summary>
public sealed class SettingsStore
{
    private readonly object _gate = new();
    private EmulatorOptions _current;

    public SettingsStore(EmulatorOptions initial) => _current = initial.Clone();

    public EmulatorOptions Current => Volatile.Read(ref _current);

    /// <summary>Raised after a change, with the new snapshot.</summary>
    public event Action<EmulatorOptions>? Changed;

    /// <summary>Applies <paramref name="change"/> to a copy, validates it and makes it current.</summary>
    public EmulatorOptions Update(Action<EmulatorOptions> change)
    {
        lock (_gate)
        {
            var next = Current.Clone();
            change(next);
            next.Validate();
            Volatile.Write(ref _current, next);
            Changed?.Invoke(next);
            return next;
        }
    }

    /// <summary>Makes a validated copy of <paramref name="settings"/> current (settings taken earlier, put back whole).</summary>
    public EmulatorOptions Replace(EmulatorOptions settings)
    {
        lock (_gate)
        {
            var next = settings.Clone();
            next.Validate();
            Volatile.Write(ref _current, next);
            Changed?.Invoke(next);
            return next;
        }
    }
}
