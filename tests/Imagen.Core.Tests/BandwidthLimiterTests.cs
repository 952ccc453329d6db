using Imagen.Core.Tests.Support;
using Imagen.Emulator;
using Imagen.Emulator.Samples;

namespace Imagen.Core.Tests;

/// <summary>The bandwidth cap: the limiter's arithmetic on an injected clock, and capped transfers over real HTTP.</summary>
public class BandwidthLimiterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>A clock that only moves when the limiter asks to wait.</summary>
    private sealed class FakeClock
    {
        public TimeSpan Now { get; private set; } = TimeSpan.FromHours(1);

        public List<TimeSpan> Waits { get; } = new();

        public Task Delay(TimeSpan wait, CancellationToken token)
        {
            Waits.Add(wait);
            Now += wait;
            return Task.CompletedTask;
        }

        public void Idle(TimeSpan time) => Now += time;
    }

    [Fact]
    public async Task AStreamOfSlicesTakesItsSizeDividedByTheCap()
    {
        var clock = new FakeClock();
        var limiter = new BandwidthLimiter(8, () => clock.Now, clock.Delay); // 8 Mbit/s = 1,000,000 bytes/s
        var start = clock.Now;

        for (var i = 0; i < 1000; i++)
        {
            await limiter.ConsumeAsync(10_000, CancellationToken.None);
        }

        // 10 MB at 1 MB/s: 10 s, less the burst an idle line may bank.
        Assert.Equal(1_000_000, limiter.BytesPerSecond);
        Assert.Equal(TimeSpan.FromSeconds(10) - BandwidthLimiter.Burst, clock.Now - start);
    }

    [Fact]
    public async Task AnIdleLineBanksOnlyTheBurstAllowance()
    {
        var clock = new FakeClock();
        var limiter = new BandwidthLimiter(8, () => clock.Now, clock.Delay);
        clock.Idle(TimeSpan.FromMinutes(10));

        // 50 ms of the line goes at once after any idle time; the next 50 ms must wait for its turn.
        await limiter.ConsumeAsync(50_000, CancellationToken.None);
        Assert.Empty(clock.Waits);
        await limiter.ConsumeAsync(50_000, CancellationToken.None);
        Assert.Equal(new[] { TimeSpan.FromMilliseconds(50) }, clock.Waits);
    }

    [Fact]
    public async Task ConcurrentCallersShareTheCapInTheOrderTheyAsked()
    {
        var clock = new FakeClock();
        var waits = new List<TimeSpan>();
        var limiter = new BandwidthLimiter(8, () => clock.Now, (wait, _) => { waits.Add(wait); return Task.CompletedTask; });

        // Three transfers ask at the same instant: each is scheduled after the one before, 20 ms apart.
        await Task.WhenAll(limiter.ConsumeAsync(20_000, default), limiter.ConsumeAsync(20_000, default), limiter.ConsumeAsync(20_000, default));

        Assert.Equal(new[] { TimeSpan.FromMilliseconds(10) }, waits);
        await limiter.ConsumeAsync(20_000, default);
        Assert.Equal(TimeSpan.FromMilliseconds(30), waits[^1]);
    }

    [Fact]
    public void CancellationEndsAWaitAtOnce()
    {
        // 1 Mbit/s and 10 MB to pay for: a wait of about 80 s, unless cancelled.
        var limiter = new BandwidthLimiter(1);
        using var cancel = new CancellationTokenSource();
        var wait = limiter.ConsumeAsync(10_000_000, cancel.Token);
        Assert.False(wait.IsCompleted);

        cancel.Cancel();

        Assert.True(wait.IsCanceled);
        Assert.True(limiter.ConsumeAsync(1, cancel.Token).IsCanceled);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0)]
    [InlineData(-3)]
    [InlineData(double.NaN)]
    [InlineData(200_000)]
    public void ACapOutsideTheRangeIsRefusedWithTheValue(double cap)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new ImagenClient(new ImagenConnectionSettings(new Uri("http://127.0.0.1:1/v1"), ImagenApiKey.FromPlainText("key-0123456789")), new ImagenClientOptions { MaximumBandwidthMbps = cap }));
        Assert.Contains("megabits per second", error.Message);
        Assert.Contains(cap.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message);
    }

    [Theory]
    [InlineData("50", 50)]
    [InlineData(" 12.5 ", 12.5)]
    [InlineData("1e3", 1000)]
    public void ACapIsReadAsTheUserWritesIt(string text, double expected) =>
        Assert.Equal(expected, ImagenClientOptions.ParseMaximumBandwidth(text, "IMAGEN_MAX_BANDWIDTH_MBPS"));

    [Theory]
    [InlineData("fast")]
    [InlineData("")]
    [InlineData("0.2")]
    [InlineData("50,5")]
    public void AnUnreadableCapNamesWhereItCameFrom(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => ImagenClientOptions.ParseMaximumBandwidth(text, "the IMAGEN_MAX_BANDWIDTH_MBPS environment variable"));
        Assert.Contains("the IMAGEN_MAX_BANDWIDTH_MBPS environment variable is '" + text.Trim() + "'", error.Message);
        Assert.Contains("e.g. 50", error.Message);
    }

    [Fact]
    public async Task ACappedClientUploadsAndDownloadsByteForByteWithTheStrictHeaders()
    {
        // Strict storage refuses a non-empty Content-Type and an undeclared Content-MD5: the capped path must keep
        // the signed headers exactly, and the bytes intact both ways.
        var clientOptions = EmulatorHarness.FastOptions();
        clientOptions.MaximumBandwidthMbps = 400;
        await using var emulator = await EmulatorHarness.StartAsync(new EmulatorOptions { Strict = true }, clientOptions);
        var sample = SampleShootGenerator.Generate(Path.Combine(_folder.Path, "in"), 1, "jpeg", seed: 3)[0];
        var large = Path.Combine(_folder.Path, "LARGE_0001.jpg");
        File.WriteAllBytes(large, File.ReadAllBytes(sample).Concat(Enumerable.Range(0, 3 * 1024 * 1024).Select(i => (byte)(i * 7))).ToArray());
        var profile = (await emulator.Client.GetProfilesAsync()).First(p => p.ImageType == "JPG");

        var result = await new ImagenEditWorkflow(emulator.Client).RunAsync(new ImagenEditWorkflowRequest { RunStore = TestStores.New(), Files = new List<string> { large }, Profile = profile });
        var links = await emulator.Client.GetEditDownloadLinksAsync(result.ProjectId);
        var downloads = await emulator.Client.DownloadFilesAsync(links, Path.Combine(_folder.Path, "out"));

        Assert.Equal(1, result.UploadedCount);
        Assert.Equal(links.Count, downloads.Downloaded);
        var put = (await emulator.JournalAsync()).Single(e => e.Route() == "storage.put");
        Assert.Equal(200, put.Status());
        Assert.NotNull(put.Header("Content-MD5"));
        var output = downloads.Results.Single(r => r.Path!.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)).Path!;
        Assert.Equal(new FileInfo(output).Length, downloads.Results.Single(r => r.Path == output).Length);
        Assert.True(new FileInfo(output).Length > 3 * 1024 * 1024);
    }

    [Fact]
    public async Task CtrlCStopsACappedUploadWaitingForTheLine()
    {
        // At 1 Mbit/s a 4 MB file needs about 32 s: the cancel lands while transfers wait on the limiter.
        var clientOptions = EmulatorHarness.FastOptions();
        clientOptions.MaximumBandwidthMbps = 1;
        await using var emulator = await EmulatorHarness.StartAsync(null, clientOptions);
        var file = Path.Combine(_folder.Path, "SLOW_0001.dng");
        File.WriteAllBytes(file, new byte[4 * 1024 * 1024]);
        var project = await emulator.Client.CreateProjectAsync("Capped");
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousRecorder<ImagenTransferProgress>(p =>
        {
            if (p.Operation == "Upload" && p.TransferredBytes > 0)
            {
                cancel.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => emulator.Client.UploadFilesAsync(project.ProjectId, new[] { file }, progress, cancellationToken: cancel.Token));

        Assert.DoesNotContain((await emulator.JournalAsync()).Where(e => e.Route() == "storage.put"), e => e.Status() == 200);
    }
}
