using System.Collections.Concurrent;
using Imagen.Core.Tests.Support;

namespace Imagen.Core.Tests;

/// <summary>
/// The transfer pipeline's parts (issue 10): the fixed worker pool, and the upload pipeline (stages joined by bounded
/// channels) over real HTTP. No timings: only what must hold whatever the machine's speed.
/// </summary>
public class TransferPipelineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task ThePoolRunsEachItemOnceWithAtMostItsWorkersAtATime()
    {
        var items = Enumerable.Range(0, 300).ToList();
        var probe = new Occupancy();

        await WorkerPool.ForEachAsync(items, 3, async (item, token) =>
        {
            probe.Enter();
            await Task.Yield();
            probe.Leave(item);
        }, CancellationToken.None);

        Assert.Equal(items, probe.Seen.OrderBy(i => i));
        Assert.InRange(probe.Most, 1, 3);
    }

    [Fact]
    public async Task CpuWorkRunsOnThreadsOfItsOwnAndLeavesThePoolFree()
    {
        // Hashing holds its thread for as long as a file takes; on a pool thread that would starve the transfers'
        // continuations on a one-core machine. Each item here blocks until a pool work item has run meanwhile.
        var items = Enumerable.Range(0, 8).ToList();
        var probe = new Occupancy();

        await WorkerPool.ForEachOnOwnThreadsAsync(items, 2, (item, token) =>
        {
            Assert.False(Thread.CurrentThread.IsThreadPoolThread, "a CPU worker ran on a thread-pool thread");
            probe.Enter();
            using (var poolRan = new ManualResetEventSlim())
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => poolRan.Set(), null);
                Assert.True(poolRan.Wait(TimeSpan.FromSeconds(30), token));
            }

            probe.Leave(item);
        }, CancellationToken.None);

        Assert.Equal(items, probe.Seen.OrderBy(i => i));
        Assert.InRange(probe.Most, 1, 2);
    }

    [Fact]
    public async Task ACpuWorkersFailureStopsTheOthersAndIsThrown()
    {
        // Item 0 holds its worker until it is told to stop; item 1 fails on the other worker. Nothing after them starts.
        var started = new ConcurrentBag<int>();
        var stopped = false;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkerPool.ForEachOnOwnThreadsAsync(Enumerable.Range(0, 1000).ToList(), 2, (item, token) =>
        {
            started.Add(item);
            if (item == 0)
            {
                stopped = token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30));
                return;
            }

            throw new InvalidOperationException("unreadable");
        }, CancellationToken.None));

        Assert.Equal("unreadable", error.Message);
        Assert.True(stopped, "the failure did not cancel the other worker");
        Assert.Equal(new[] { 0, 1 }, started.OrderBy(i => i));
    }

    [Fact]
    public async Task ThePoolStartsNoItemAfterCancellation()
    {
        using var cancel = new CancellationTokenSource();
        int started = 0, startedAfterCancel = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => WorkerPool.ForEachAsync(Enumerable.Range(0, 1000).ToList(), 4, async (item, token) =>
        {
            if (cancel.IsCancellationRequested)
            {
                Interlocked.Increment(ref startedAfterCancel);
            }

            if (Interlocked.Increment(ref started) == 10)
            {
                cancel.Cancel();
            }

            await Task.Yield();
        }, cancel.Token));

        // Each of the other three workers may have taken one item just before the cancel; none takes another.
        Assert.InRange(startedAfterCancel, 0, 3);
        Assert.InRange(started, 10, 999);
    }

    [Fact]
    public async Task AWorkersFailureStopsTheOthersAndIsThrownOnceTheyEnded()
    {
        int waiting = 0, stopped = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkerPool.ForEachAsync(Enumerable.Range(0, 4).ToList(), 4, async (item, token) =>
        {
            if (item == 2)
            {
                throw new InvalidOperationException("worker 2 failed");
            }

            Interlocked.Increment(ref waiting);
            try
            {
                await Task.Delay(Timeout.Infinite, token); // only the failure's stop ends this
            }
            finally
            {
                Interlocked.Increment(ref stopped);
            }
        }, CancellationToken.None));

        // The call returned, so every worker that was waiting forever was stopped (a worker may also have been
        // stopped before it took its item).
        Assert.Equal("worker 2 failed", error.Message);
        Assert.Equal(waiting, stopped);
    }

    [Fact]
    public async Task LinksAreRequestedInSmallBatchesJustAheadOfThePuts()
    {
        // 100 files, links 20 at a time, 2 PUTs at a time: the queues between the stages hold at most about three
        // batches, so the links of the last files can only be asked for after some PUTs have come back.
        var options = EmulatorHarness.FastOptions();
        options.UploadLinkBatchSize = 20;
        await using var emulator = await EmulatorHarness.StartAsync(clientOptions: options);
        var project = await emulator.Client.CreateProjectAsync("Pipeline");
        var files = WriteMany("many", 100);

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, files, throttleLimit: 2);

        Assert.Equal(100, summary.Succeeded);
        var journal = (await emulator.JournalAsync()).OrderBy(e => e.GetProperty("sequence").GetInt64()).ToList();
        var linkRequests = journal.Select((e, i) => (e, i)).Where(x => x.e.Route() == "upload-links").Select(x => x.i).ToList();
        var puts = journal.Select((e, i) => (e, i)).Where(x => x.e.Route() == "storage.put").Select(x => x.i).ToList();
        Assert.Equal(100, puts.Count);
        Assert.InRange(linkRequests.Count, 5, 100);
        Assert.True(puts[0] < linkRequests[^1], "The first PUT reached the server before the last batch of links was asked for.");
    }

    [Fact]
    public async Task AFileThatCannotBeReadOnceTheUploadRunsFailsAloneByName()
    {
        // The last file goes away while the first is being hashed: it fails, named, and the other 99 go up.
        await using var emulator = await EmulatorHarness.StartAsync();
        var project = await emulator.Client.CreateProjectAsync("Vanishing");
        var files = WriteMany("vanishing", 100);
        var doomed = files[^1];
        var progress = new SynchronousRecorder<ImagenTransferProgress>(p =>
        {
            if (p.Operation == "Checksum" && File.Exists(doomed))
            {
                File.Delete(doomed);
            }
        });

        var summary = await emulator.Client.UploadFilesAsync(project.ProjectId, files, progress, throttleLimit: 4);

        Assert.Equal(99, summary.Succeeded);
        var failure = Assert.Single(summary.Failures);
        Assert.Equal(Path.GetFileName(doomed), failure.FileName);
        Assert.Contains(doomed, failure.Error);
        Assert.Equal(99, (await emulator.JournalAsync()).Count(e => e.Route() == "storage.put" && e.Status() == 200));
    }

    private IReadOnlyList<string> WriteMany(string subfolder, int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder.Path, subfolder)).FullName;
        return Enumerable.Range(1, count).Select(i =>
        {
            var path = Path.Combine(folder, $"IMG_{i:0000}.dng");
            var bytes = FileSamples.Cr2;
            BitConverter.GetBytes(i).CopyTo(bytes, bytes.Length - 4); // each file its own MD5
            File.WriteAllBytes(path, bytes);
            return path;
        }).ToList();
    }

    /// <summary>How many workers were inside at once, at most, and which items they finished.</summary>
    private sealed class Occupancy
    {
        private int _running;
        private int _most;

        public ConcurrentBag<int> Seen { get; } = new();

        public int Most => Volatile.Read(ref _most);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _running);
            int current;
            while ((current = Volatile.Read(ref _most)) < now && Interlocked.CompareExchange(ref _most, now, current) != current)
            {
            }
        }

        public void Leave(int item)
        {
            Seen.Add(item);
            Interlocked.Decrement(ref _running);
        }
    }
}
