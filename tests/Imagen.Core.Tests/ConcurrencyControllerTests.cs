namespace Imagen.Core.Tests;

/// <summary>
/// The automatic concurrency's decisions (issue 18), fed with made-up samples of a line: no clock, no network. Each
/// test names the rule it checks; each fails when that rule is taken out of <see cref="ConcurrencyController"/>.
/// </summary>
public class ConcurrencyControllerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    /// <summary>Seconds from one step up to the next while the rate keeps growing (small files): settle, then a window.</summary>
    private static readonly double StepUp = (ConcurrencyController.Settle + ConcurrencyController.Window).TotalSeconds;

    /// <summary>Megabits per second as bytes per second.</summary>
    private static double Mbps(double megabits) => megabits * 1_000_000 / 8;

    /// <summary>A studio's line: each connection carries at most <paramref name="perConnection"/>, all together <paramref name="total"/> (Mbit/s).</summary>
    private static Func<int, double> Line(double total, double perConnection) => connections => Math.Min(Mbps(total), connections * Mbps(perConnection));

    /// <summary>
    /// One sample of <paramref name="connections"/> moving small files steadily at <paramref name="rate"/> bytes per
    /// second in all: as many finish as the rate allows, each having taken its size over its connection's share.
    /// </summary>
    private static ConcurrencySample Steady(double rate, int connections, int throttled = 0, int connectionErrors = 0, bool capFilled = false, long fileBytes = 200_000)
    {
                var bytes = rate * Tick.TotalSeconds;
        var finished = (int)Math.Round(bytes / fileBytes);
        return new ConcurrencySample
        {
            Duration = Tick,
            Bytes = (long)bytes,
            Finished = finished,
            FinishedBytes = finished * fileBytes,
            FinishedTime = TimeSpan.FromSeconds(rate > 0 ? finished * fileBytes / (rate / connections) : 0),
            Running = connections,
            Throttled = throttled,
            ConnectionErrors = connectionErrors,
            CapFilled = capFilled,
        };
    }

    private static ConcurrencySample Sample(Func<int, double> line, int level, int throttled = 0, int connectionErrors = 0, bool capFilled = false) =>
        Steady(line(level), level, throttled, connectionErrors, capFilled);

    /// <summary>Feeds <paramref name="seconds"/> of 250 ms samples; returns the concurrency in force during each.</summary>
    private static List<int> Run(ConcurrencyController controller, double seconds, Func<int, ConcurrencySample> sampleAt, List<ConcurrencyDecision>? decisions = null)
    {
        var levels = new List<int>();
        var samples = (int)Math.Round(seconds / Tick.TotalSeconds);
        for (var i = 0; i < samples; i++)
        {
            var level = controller.Current;
            levels.Add(level);
            var decision = controller.Observe(sampleAt(level));
            decisions?.Add(decision);
        }

        return levels;
    }

    private static List<int> Run(ConcurrencyController controller, Func<int, double> line, double seconds, List<ConcurrencyDecision>? decisions = null) =>
        Run(controller, seconds, level => Sample(line, level), decisions);

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
        // 400 Mbit/s in total, 40 per connection: 4 -> 8 -> 16 raise the rate (16 fill the line), 32 move no more, so it
        // stops there instead of going on to the bound. Later probes a quarter up find nothing and are undone.
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();

        var levels = Run(controller, Line(total: 400, perConnection: 40), seconds: 180, decisions);

        Assert.Equal(new[] { 4, 8, 16, 32 }, levels.Take(40).Distinct());
        Assert.Equal(32, controller.Current);
        Assert.InRange(controller.Peak, 32, 40);
        Assert.Contains(decisions, d => !d.Changed && d.Reason != null && d.Reason.Contains("plateaus", StringComparison.Ordinal));
        // Once at the plateau, it spends (nearly) all its time there: a probe lasts a couple of seconds.
        Assert.True(levels.Skip(40).Count(l => l == 32) >= levels.Skip(40).Count() * 0.9);
    }

    [Fact]
    public void AStepThatLosesRateIsUndone()
    {
        // The line is full at 4 connections, and 8 contend for it: they move 5% less, so it returns to 4.
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();

        var levels = Run(controller, 20, level => Steady(level <= 4 ? Mbps(100) : Mbps(95), level), decisions);

        Assert.Equal(new[] { 4, 8, 4 }, levels.Distinct().Concat(new[] { levels[^1] }));
        Assert.Equal(4, controller.Current);
        Assert.Contains(decisions, d => d.Changed && d.To == 4 && d.Reason!.Contains("moved no more than 4", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFirstClimbKeepsALastStepThatGainedALittle()
    {
        // On loopback, bound by the CPU, 8 connections move 3% more than 4: within noise's size, but no loss, so the
        // first climb stops at 8 rather than giving the 3% back.
        var controller = new ConcurrencyController();

        Run(controller, 20, level => Steady(level <= 4 ? Mbps(400) : Mbps(412), level));

        Assert.Equal(8, controller.Current);
    }

    [Fact]
    public void LaterProbesMustGainToStaySoNoiseCannotRatchetItUp()
    {
        // A full line for ten minutes: each probe a quarter up moves no more and is undone; it never creeps upward.
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();

        var levels = Run(controller, Line(total: 100, perConnection: 100), seconds: 600, decisions);

        Assert.Equal(8, controller.Current);
        Assert.Equal(10, levels.Max());
        Assert.True(decisions.Count(d => d.Changed && d.To == 10) >= 2, "it stopped probing");
    }

    [Fact]
    public void ItProbesAgainLaterAndUsesALineThatFreedUp()
    {
        // The line is full at 10 connections for a minute (each connection beyond that costs 1% in contention), then
        // carries twice as much: a later probe finds the room and grows again.
        var controller = new ConcurrencyController();
        var elapsed = 0.0;
        Func<int, double> Contended(double total) => level => Math.Min(Mbps(total), level * Mbps(40)) * (1 - 0.01 * Math.Max(0, level - total / 40));
        Run(controller, 120, level =>
        {
            elapsed += Tick.TotalSeconds;
            return Sample(elapsed < 60 ? Contended(400) : Contended(800), level);
        });

        Assert.Equal(20, controller.Current);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void ItBacksOffOnThrottlingAndGrowsBackSlowlyAfterACooldown(int status)
    {
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 3 * StepUp); // 4 -> 8 -> 16 -> 32
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
    public void AfterTheFirstClimbItGrowsOnlyWhileAQuarterMorePaysOff()
    {
        // Beyond 20 connections each one adds only 1.5%. Back from 64 to 32 after a 429, a quarter more (40) gains 10%:
        // kept, but not worth another step at once (a step must gain half of its 25%).
        var controller = new ConcurrencyController();
        Func<int, double> line = level => level <= 20 ? level * Mbps(40) : Mbps(800) * (1 + 0.015 * (level - 20));
        Run(controller, line, seconds: 20);
        Assert.Equal(64, controller.Current);
        controller.Observe(Sample(line, 64, throttled: 1));
        Assert.Equal(32, controller.Current);

        Run(controller, line, seconds: 20);

        Assert.Equal(40, controller.Current);
    }

    [Fact]
    public void ItBacksOffOnConnectionErrors()
    {
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: 2 * StepUp); // 4 -> 8 -> 16
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
        Run(controller, line, seconds: 3 * StepUp);
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

        var levels = Run(controller, 120, level => Sample(Line(100_000, 40), level, capFilled: level >= 2), decisions);

        Assert.True(levels.Max() <= ConcurrencyController.DefaultInitial, $"went up to {levels.Max()} with the cap filled");
        Assert.Equal(2, controller.Current);
        Assert.Contains(decisions, d => d.Changed && d.To == 2 && d.Reason!.Contains("-MaximumBandwidth", StringComparison.Ordinal));
        Assert.Contains(decisions, d => d.Changed && d.From == 1 && d.To == 2 && d.Reason!.Contains("1 connection no longer filled the bandwidth cap", StringComparison.Ordinal));
    }

    [Fact]
    public void ItStopsGrowingWhereTheCapBecomesTheLimit()
    {
        // Up to 8 connections the line (40 per connection) is the limit; from 8 on the cap (300 Mbit/s) is.
        var controller = new ConcurrencyController();

        var levels = Run(controller, 120, level => Sample(l => Math.Min(Mbps(300), l * Mbps(40)), level, capFilled: level >= 8));

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
        Run(throttled, 60, level => Sample(Line(1000, 40), level, throttled: 1));
        Assert.Equal(1, throttled.Current);

        Assert.Throws<ArgumentOutOfRangeException>(() => new ConcurrencyController(initial: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConcurrencyController(initial: 65));
    }

    /// <summary>Loopback with many small files: the CPU is the limit, and each doubling adds a little (60, 68, 75 MB/s).</summary>
    private static double Loopback(int connections) => connections <= 4 ? 60e6 : connections <= 8 ? 68e6 : connections <= 16 ? 75e6 : 75.5e6;

    [Fact]
    public void ThousandsOfFilesASecondClimbASampleAStep()
    {
        // 12 KiB files at 60-75 MB/s: over a thousand finish in every sample, so one sample is a sure window and the
        // first climb reaches 16 within 1 s (a sample for the first connections, judge at 4, settle a sample, judge at
        // 8); when a few large files finish per sample a step needs a full window, and 1 s has not made one yet.
        var many = new ConcurrencyController();
        var few = new ConcurrencyController();

        Run(many, 1, level => Steady(Loopback(level), level, fileBytes: 12_288));
        Run(few, 1, level => Steady(Loopback(level), level, fileBytes: 4_000_000));

        Assert.Equal(16, many.Current);
        Assert.Equal(4, few.Current);
    }

    [Fact]
    public void AfterTheFirstClimbEvenThousandsOfFilesASecondAreJudgedOverAFullWindow()
    {
        // Probes must prove themselves over a full window however many files finish: a short window's noise would
        // ratchet the connections up probe after probe.
        var controller = new ConcurrencyController();
        var decisions = new List<ConcurrencyDecision>();
        Run(controller, 60, level => Steady(Loopback(level), level, fileBytes: 12_288), decisions);

        var probe = decisions.FindIndex(d => d.Changed && d.Reason!.StartsWith("probing", StringComparison.Ordinal));
        Assert.True(probe > 0, "no probe within 60 s");
        var judged = decisions.FindIndex(probe + 1, d => d.Reason != null);
        Assert.True(judged - probe >= (ConcurrencyController.Settle + ConcurrencyController.Window).Ticks / Tick.Ticks, $"the probe was judged {judged - probe} samples after it");
    }

    [Fact]
    public void TheSamplesRightAfterAChangeAreNotJudged()
    {
        // The transfers in flight during a change began at the old concurrency: right after 4 -> 8 the rate dips for a
        // moment. Judged, that dip would undo the step.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: StepUp);
        Assert.Equal(8, controller.Current);

        Run(controller, ConcurrencyController.Settle.TotalSeconds, level => Steady(line(level) / 10, level));
        Run(controller, line, seconds: ConcurrencyController.Window.TotalSeconds);

        Assert.Equal(16, controller.Current);
    }

    [Fact]
    public void WithFewerFilesThanConnectionsItAddsNone()
    {
        // Two large files on a line limited per connection: 4 connections are already more than there is to send.
        var controller = new ConcurrencyController();

        var levels = Run(controller, 60, _ => Steady(Mbps(80), connections: 2));

        Assert.All(levels, level => Assert.Equal(4, level));
    }

    [Fact]
    public void TheLastFilesOfARunDoNotUndoAStep()
    {
        // The step to 8 came as the run ran out of files: 3 transfers move no more than 4 did, but that says nothing
        // about the line, so the step is neither undone nor followed by another.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: StepUp);
        Assert.Equal(8, controller.Current);

        var decisions = new List<ConcurrencyDecision>();
        Run(controller, 10, _ => Steady(line(4), connections: 3), decisions);

        Assert.Equal(8, controller.Current);
        Assert.Contains(decisions, d => d.Reason == "there were not files enough to keep 8 connections busy");
    }

    [Fact]
    public void SamplesInWhichNoTransferRanAreNotJudged()
    {
        // Every file waiting for its links or a retry: no rate to judge, so no step is undone for it.
        var controller = new ConcurrencyController();
        var line = Line(total: 100_000, perConnection: 40);
        Run(controller, line, seconds: StepUp);
        Assert.Equal(8, controller.Current);

        Run(controller, 10, _ => new ConcurrencySample { Duration = Tick });

        Assert.Equal(8, controller.Current);
        Run(controller, line, seconds: StepUp);
        Assert.Equal(16, controller.Current);
    }

    [Fact]
    public void NewConnectionsFillingTheirBuffersDoNotPassForAFasterLine()
    {
        // The line is full at 4 connections. Each connection added writes 2.5 MB/s more than the line takes for its
        // first 2 s, into TCP's buffers as they grow: counted by the bytes written, 8 connections would look 80% faster
        // than 4, and it would go on to 16. How long each file took tells the truth: 8 move no more, so it stops.
        var controller = new ConcurrencyController();
        var line = Line(total: 100, perConnection: 100);
        var (now, previous, fillingUntil, added) = (0.0, ConcurrencyController.DefaultInitial, 0.0, 0);

        var levels = Run(controller, 20, level =>
        {
            if (level > previous)
            {
                (fillingUntil, added) = (now + 2, level - previous);
            }

            previous = level;
            var sample = Sample(line, level);
            sample.Bytes += now < fillingUntil ? (long)(added * 2_500_000 * Tick.TotalSeconds) : 0;
            now += Tick.TotalSeconds;
            return sample;
        });

        Assert.Equal(8, levels.Max());
        Assert.Equal(8, controller.Current);
    }

    [Fact]
    public void AWindowLastsUntilFilesBegunAfterTheStepHaveFinished()
    {
        // The same full line with files that take 2 s each: those begun after the step finish only 2 s later, all at
        // once. A window judged before (by the bytes written, which the new connections' buffers swell) would see a
        // faster line and go on to 16; waiting for them, it sees that 8 move no more.
        var controller = new ConcurrencyController();
        var rate = Mbps(100);
        var (ticks, previous, added) = (0, ConcurrencyController.DefaultInitial, 0);

        var levels = Run(controller, 30, level =>
        {
            if (level != previous)
            {
                (ticks, added) = (0, Math.Max(0, level - previous));
            }

            previous = level;
            ticks++;
            var finishing = ticks % 8 == 0 ? level : 0; // every connection finishes a file every 2 s, begun together
            var swelling = ticks <= 8 ? added * 2_500_000 * Tick.TotalSeconds : 0; // new connections' buffers, 2 s
            return new ConcurrencySample
            {
                Duration = Tick,
                Bytes = (long)(rate * Tick.TotalSeconds + swelling),
                Finished = finishing,
                FinishedBytes = (long)(finishing * rate / level * 2),
                FinishedTime = TimeSpan.FromSeconds(finishing * 2.0),
                Running = level,
            };
        });

        Assert.Equal(8, levels.Max());
    }

    [Theory]
    [InlineData(400, 40, 16)]
    [InlineData(50, 5, 2)]
    public void BytesThatComeInBurstsDoNotHideThePlateau(double total, double perConnection, int fileMiB)
    {
        // The issue's lines as the client sees them: each file's first 5 MB go into TCP's buffers at once (a 2 MiB file
        // whole) and its last ones leave them while nothing is written; connections added together burst together.
        // Judged by the bytes written, a window catches those bursts (or the silences after them) rather than the
        // rate; judged by how long each file took, it finds the number that fills the line.
        var controller = new ConcurrencyController();
        var line = new BufferedLine(Mbps(total), Mbps(perConnection), fileMiB * 1048576L, 5_000_000);

        var levels = Run(controller, 120, line.Tick);

        var filling = (int)Math.Ceiling(total / perConnection);
        Assert.True(levels.Skip(levels.Count / 2).All(l => l >= filling), $"fell below {filling}: {string.Join(",", levels.Distinct())}");
        Assert.InRange(controller.Current, filling, 4 * filling);
    }

    /// <summary>
    /// A line as the client sees it: each connection moves files of <c>fileBytes</c> at its share of the line; a
    /// file's first <c>buffered</c> bytes are written the moment it starts (into the socket's buffers), the rest as the
    /// line takes them, and the file finishes when the line has carried it all.
    /// </summary>
    private sealed class BufferedLine(double total, double perConnection, long fileBytes, long buffered)
    {
        private readonly List<(double Progress, double Begun)> _files = new();
        private double _now;
        private double _changedAt;

        private double Written(double progress) => Math.Min(fileBytes, buffered + progress);

        public ConcurrencySample Tick(int connections)
        {
            var duration = ConcurrencyControllerTests.Tick.TotalSeconds;
            var sample = new ConcurrencySample { Duration = ConcurrencyControllerTests.Tick, Running = connections };
            if (_files.Count != connections)
            {
                _changedAt = _now;
            }

            double written = 0;
            while (_files.Count < connections)
            {
                _files.Add((0, _now));
                written += Written(0); // a new connection starts its file with a burst
            }

            if (_files.Count > connections)
            {
                _files.RemoveRange(connections, _files.Count - connections);
            }

            var rate = Math.Min(perConnection, total / connections);
            for (var i = 0; i < _files.Count; i++)
            {
                var (before, begun) = _files[i];
                var after = before + rate * duration;
                if (after < fileBytes)
                {
                    written += Written(after) - Written(before);
                    _files[i] = (after, begun);
                    continue;
                }

                // The file is done when the line has carried it; the next one starts with its burst.
                var finishedAt = _now + (fileBytes - before) / rate;
                if (begun >= _changedAt)
                {
                    sample.Finished++;
                    sample.FinishedBytes += fileBytes;
                    sample.FinishedTime += TimeSpan.FromSeconds(finishedAt - begun);
                }

                _files[i] = (after - fileBytes, finishedAt);
                written += fileBytes - Written(before) + Written(after - fileBytes);
            }

            _now += duration;
            sample.Bytes = (long)written;
            return sample;
        }
    }
}
