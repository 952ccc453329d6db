using System.Diagnostics;

namespace Imagen.Benchmarks;

/// <summary>
/// Samples a process's working set (and, for this process, the managed heap) every few milliseconds and keeps the
/// peaks. For this process the baseline is taken after a full collection, so growth counts what the measured work
/// holds, not garbage left from before.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly Process _process;
    private readonly bool _own;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MemorySampler(Process? process, int everyMilliseconds)
    {
        _own = process is null;
        _process = process ?? Process.GetCurrentProcess();
        if (_own)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        BaselineWorkingSet = PeakWorkingSet = WorkingSet();
        BaselineManaged = PeakManaged = Managed();
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Sample();
                try
                {
                    await Task.Delay(everyMilliseconds, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    public long BaselineWorkingSet { get; }

    public long PeakWorkingSet { get; private set; }

    /// <summary>This process's managed heap; 0 when sampling another process.</summary>
    public long BaselineManaged { get; }

    public long PeakManaged { get; private set; }

    public long WorkingSetGrowth => Math.Max(0, PeakWorkingSet - BaselineWorkingSet);

    public long ManagedGrowth => Math.Max(0, PeakManaged - BaselineManaged);

    /// <summary>Starts sampling <paramref name="process"/>, or this process when null.</summary>
    public static MemorySampler Start(Process? process = null, int everyMilliseconds = 10) => new(process, everyMilliseconds);

    /// <summary>Stops sampling after one last sample; the peaks are final from then on.</summary>
    public async Task StopAsync()
    {
        _stop.Cancel();
        await _loop;
        Sample();
    }

    public void Dispose()
    {
        _stop.Dispose();
        if (_own)
        {
            _process.Dispose();
        }
    }

    private void Sample()
    {
        PeakWorkingSet = Math.Max(PeakWorkingSet, WorkingSet());
        PeakManaged = Math.Max(PeakManaged, Managed());
    }

    private long WorkingSet()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    private long Managed() => _own ? GC.GetTotalMemory(false) : 0;
}
