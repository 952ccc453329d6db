namespace Imagen.Benchmarks;

/// <summary>
/// The share of the whole machine's CPU that was busy between two readings of /proc/stat (Linux only): when a run
/// keeps every core busy, its speed is set by CPU per file, not by the wire.
/// </summary>
public sealed class MachineCpu
{
    private readonly (long Busy, long Total)? _start = Read();

    /// <summary>Busy share (0 to 1) of all cores since this object was made, or null where /proc/stat is missing.</summary>
    public double? BusyShare()
    {
        if (_start is not { } start || Read() is not { } now || now.Total == start.Total)
        {
            return null;
        }

        return (double)(now.Busy - start.Busy) / (now.Total - start.Total);
    }

    private static (long Busy, long Total)? Read()
    {
        try
        {
            // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the time nothing ran.
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
            var total = fields.Sum();
            return (total - fields[3] - fields[4], total);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
