namespace Imagen.Core.Tests;

/// <summary>
/// The automatic concurrency's decisions (issue 18), fed with made-up samples of a line: no clock, no network. Each
/// test names the rule it checks; each fails when that rule is taken out of <see cref="ConcurrencyController"/>.
/// </summary>
public class ConcurrencyControllerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Megabits per second as bytes per second.</summary>
    private static double Mbps(double megabits) => megabits * 1_000_000 / 8;

    /// <summary>A studio's line: each connection carries at most <paramref name="perConnection"/>, all together <paramref name="total"/> (Mbit/s).</summary>
    private static Func<int, double> Line(double total, double perConnection) => connections => Math.Min(Mbps(total), connections * Mbps(perConnection));

    /// <summary>Feeds <paramref name="seconds"/> of 250 ms samples of <paramref name="line"/>; returns the concurrency in force during each.</summary>
    private static List<int> Run(ConcurrencyController controller, Func<int, double> line, double seconds, Func<int, ConcurrencySample>? sampleAt = null, List<ConcurrencyDecision>? decisions = null)
    {
        var levels = new List<int>();
        var samples = (int)(seconds / Tick.TotalSeconds);
        for (var i = 0; i < samples; i++)
        {
            var level = controller.Current;
            levels.Add(level);
            var sample = sampleAt?.Invoke(level) ?? new ConcurrencySample(Tick, (long)(line(level) * Tick.TotalSeconds));
            var decision = controller.Observe(sample);
            decisions?.Add(decision);
        }

        return levels;
    }

    private static ConcurrencySample Sample(Func<int, double> line, int level, int throttled = 0, int connectionErrors = 0, bool capFilled = false) =>
        new(Tick, (long)(line(level) * Tick.TotalSeconds), throttled, connectionErrors, capFilled);

    [Fact]
    public void ItStartsWithAFewConnections()
    {
        var controller = new ConcurrencyController();

        Assert.Equal(ConcurrencyController.DefaultInitial, controller.Current);
        Assert.InRange(controller.Current, 2, 5);
    }

    [Fact]
    public void ItAddsConnectionsWhileTheRateGrows()
    {
        // A line limited per connection only: every doubling doubles the rate, up to the bound.
        var controller = new ConcurrencyController();

        var levels = Run(controller, Line(total: 100_000, perConnection: 40), seconds: 20);

        Assert.Equal(new[] { 4, 8, 16, 32, 64 }, levels.Distinct());
        Assert.Equal(64, controller.Current);
    }

    [Fact]
    public void ItFillsThe400Over40LineOfTheIssueAndStopsAddingAtItsPlateau()
    {
        // 400 Mbit/s in total, 40 per connection: 4 -> 8 doubles the rate, 8 -> 16 adds 25% (the line is full), so it
        // stays at 16 instead of going on to the bound. Later probes one step up find nothing and are undone.
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();

        var levels = Run(controller, Line(total: 400, perConnection: 40), seconds: 180, decisions: decisions);

        Assert.Equal(new[] { 4, 8, 16 }, levels.Take(40).Distinct());
        Assert.Equal(16, controller.Current);
        Assert.InRange(controller.Peak, 16, 20);
        Assert.Contains(decisions, d => !d.Changed && d.Reason != null && d.Reason.Contains("plateaus", StringComparison.Ordinal));
        // Once at the plateau, it spends (nearly) all its time there: a probe lasts a couple of seconds.
        Assert.True(levels.Skip(40).Count(l => l == 16) >= levels.Skip(40).Count() * 0.9);
    }

    [Fact]
    public void AStepThatMovesNoMoreIsUndone()
    {
        // The line is full at 4 connections (100 Mbit/s, 100 per connection): 8 move no more, so it returns to 4.
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();

        var levels = Run(controller, Line(total: 100, perConnection: 100), seconds: 20, decisions: decisions);

        Assert.Equal(new[] { 4, 8, 4 }, levels.Distinct().Concat(new[] { levels[^1] }));
        Assert.Equal(4, controller.Current);
        Assert.Contains(decisions, d => d.Changed && d.To == 4 && d.Reason!.Contains("moved no more than 4", StringComparison.Ordinal));
    }

    [Fact]
    public void ItProbesAgainLaterAndUsesALineThatFreedUp()
    {
        // The line is full at 16 for a minute, then carries twice as much: a later probe finds it and grows again.
        var controller = new ConcurrencyController();
        var elapsed = 0.0;
        Run(controller, _ => 0, seconds: 120, sampleAt: level =>
        {
            elapsed += Tick.TotalSeconds;
            var line = elapsed < 60 ? Line(400, 40) : Line(800, 40);
            return Sample(line, level);
        });

        Assert.InRange(controller.Current, 20, 32);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void ItBacksOffOnThrottlingAndGrowsBackSlowlyAfterACooldown(int status)
    {
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 5); // 4 -> 8 -> 16 -> 32, a step every 1.5 s
        Assert.Equal(32, controller.Current);

        var decision = controller.Observe(Sample(line, 32, throttled: 3));

        Assert.Equal(16, decision.To);
        Assert.Equal(16, controller.Current);
        Assert.Contains("429/503 3 times", decision.Reason, StringComparison.Ordinal);
        _ = status; // both answers reach the controller as "throttled" (TransferConcurrency.Failed counts them)

        // During the cooldown the rate still grows with connections, but it adds none; then a quarter at a time.
        var after = Run(controller, line, seconds: (ConcurrencyController.Settle + ConcurrencyController.Cooldown).TotalSeconds);
        Assert.All(after, level => Assert.Equal(16, level));
        Assert.Equal(20, controller.Current);
    }

    [Fact]
    public void ItBacksOffOnConnectionErrors()
    {
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 3.5); // 4 -> 8 -> 16
        Assert.Equal(16, controller.Current);

        var decision = controller.Observe(Sample(line, 16, connectionErrors: 1));

        Assert.Equal(8, controller.Current);
        Assert.Equal("1 connection error: backing off", decision.Reason);
    }

    [Fact]
    public void ErrorsOfRequestsSentBeforeABackOffDoNotHalveItAgain()
    {
        // The requests in flight when it backs off were sent at the old concurrency; their errors arrive just after.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 5);
        Assert.Equal(32, controller.Current);

        controller.Observe(Sample(line, 32, throttled: 1));
        controller.Observe(Sample(line, 16, throttled: 2));

        Assert.Equal(16, controller.Current);

        // Once the back-off has settled, errors halve it again: the lower concurrency is still too much.
        Run(controller, line, seconds: ConcurrencyController.Settle.TotalSeconds);
        controller.Observe(Sample(line, 16, throttled: 1));
        Assert.Equal(8, controller.Current);
    }

    [Fact]
    public void ItAddsNoConnectionsWhileTheBandwidthCapIsFilled()
    {
        // -MaximumBandwidth is the limit from the start (the line could carry far more): it never grows, whatever the
        // rate does, and it halves while fewer connections still fill the cap (here: 2 or more fill it).
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();

        var levels = Run(controller, _ => 0, seconds: 120, decisions: decisions, sampleAt: level => Sample(Line(100_000, 40), level, capFilled: level >= 2));

        Assert.True(levels.Max() <= ConcurrencyController.DefaultInitial, $"went up to {levels.Max()} with the cap filled");
        Assert.Equal(2, controller.Current);
        Assert.Contains(decisions, d => d.Changed && d.To == 2 && d.Reason!.Contains("-MaximumBandwidth", StringComparison.Ordinal));
        Assert.Contains(decisions, d => d.Changed && d.From == 1 && d.To == 2 && d.Reason!.Contains("no longer filled the bandwidth cap", StringComparison.Ordinal));
    }

    [Fact]
    public void ItStopsGrowingWhereTheCapBecomesTheLimit()
    {
        // Up to 8 connections the line (40 per connection) is the limit; from 8 on the cap (300 Mbit/s) is.
        var controller = new ConcurrencyController();

        var levels = Run(controller, _ => 0, seconds: 120, sampleAt: level => Sample(l => Math.Min(Mbps(300), l * Mbps(40)), level, capFilled: level >= 8));

        Assert.Equal(8, levels.Max());
        Assert.Equal(8, controller.Current);
    }

    [Fact]
    public void ItStaysWithinItsBounds()
    {
        // Doubling from 4 would pass a bound of 48 (32 -> 64): it stops at the bound, probes included.
        var growing = new ConcurrencyController(initial: 4, minimum: 1, maximum: 48);
        var levels = Run(growing, Line(total: 1_000_000, perConnection: 100), seconds: 300);
        Assert.Equal(48, levels.Max());
        Assert.Equal(48, growing.Peak);
        Assert.Equal(64, new ConcurrencyController().Maximum);

        var throttled = new ConcurrencyController();
        Run(throttled, _ => 0, seconds: 60, sampleAt: level => Sample(Line(1000, 40), level, throttled: 1));
        Assert.Equal(1, throttled.Current);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ConcurrencyController(initial: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConcurrencyController(initial: 65));
    }

    [Fact]
    public void TheSamplesRightAfterAChangeAreNotJudged()
    {
        // The transfers in flight during a change began at the old concurrency: right after 4 -> 8 the rate dips (or
        // spikes) for a moment. Judged, that dip would undo the step; it must not.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 1.5);
        Assert.Equal(8, controller.Current);

        for (var i = 0; i < ConcurrencyController.Settle.Ticks / Tick.Ticks; i++)
        {
            controller.Observe(new ConcurrencySample(Tick, 1));
        }

        Run(controller, line, seconds: 1);
        Assert.Equal(16, controller.Current);
    }

    [Fact]
    public void SamplesInWhichNoTransferRanAreNotJudged()
    {
        // Every file waiting for its links or a retry: no rate to judge, so no step is undone for it.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 1.5);
        Assert.Equal(8, controller.Current);

        for (var i = 0; i < 40; i++)
        {
            controller.Observe(new ConcurrencySample(Tick, 0, busy: false));
        }

        Assert.Equal(8, controller.Current);
        Run(controller, line, seconds: 1.5);
        Assert.Equal(16, controller.Current);
    }

    [Fact]
    public void QuietSamplesBetweenBurstsCountWhileTransfersRun()
    {
        // Small files go into the socket's buffers at once and then wait for storage's answer: the bytes come in bursts
        // with quiet samples between them, and more connections burst more often. On this line (each connection adds
        // its share) 4 connections burst every 4th sample, 8 every other one, 16 every sample. Judged without the
        // quiet samples, every level would look as fast as the others, and the first step up would be undone.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        var tick = 0;
        Run(controller, _ => 0, seconds: 6, sampleAt: level =>
        {
            var period = Math.Max(1, 16 / level);
            var bytes = tick++ % period == 0 ? (long)(line(level) * period * Tick.TotalSeconds) : 0;
            return new ConcurrencySample(Tick, bytes);
        });

        Assert.True(controller.Current >= 16, $"stopped at {controller.Current}");
    }

    [Fact]
    public void TheRunsFirstBytesStartTheFirstSettling()
    {
        // Hashing and the first links take a while; then every connection fills its socket's buffers at once. That
        // burst is settling time, not the rate of 4 connections: judged, it would make 8 look no faster than 4.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 8);
        for (var i = 0; i < 4; i++)
        {
            controller.Observe(new ConcurrencySample(Tick, 0, busy: false));
        }

        controller.Observe(new ConcurrencySample(Tick, 4_000_000));
        Run(controller, line, seconds: 3);

        Assert.Equal(16, controller.Current);
    }
}
