using System;
using System.Globalization;

namespace Imagen.Core
{
    /// <summary>What the transfers of a run did during one sample: bytes and files moved, and the events that matter.</summary>
    internal sealed class ConcurrencySample
    {
        public TimeSpan Duration { get; set; }

        /// <summary>Bytes written to or read from the connections (into or out of TCP's buffers: they come in bursts).</summary>
        public long Bytes { get; set; }

        /// <summary>Transfers that finished (a file, or a part of one) and began at the concurrency in force.</summary>
        public int Finished { get; set; }

        /// <summary>Their bytes.</summary>
        public long FinishedBytes { get; set; }

        /// <summary>Their durations added up, each from its request to storage's answer.</summary>
        public TimeSpan FinishedTime { get; set; }

        /// <summary>Transfers (requests) running at the end of the sample.</summary>
        public int Running { get; set; }

        /// <summary>Storage answers of 429 or 503: the far side asks for fewer requests.</summary>
        public int Throttled { get; set; }

        /// <summary>Connections refused, dropped or silent.</summary>
        public int ConnectionErrors { get; set; }

        /// <summary>The client's own bandwidth cap (-MaximumBandwidth) carried as much as it allows.</summary>
        public bool CapFilled { get; set; }

        /// <summary>Something moved or ran: when every file waits for its link or a retry there is nothing to judge.</summary>
        public bool Busy => Bytes > 0 || Finished > 0 || Running > 0;
    }

    /// <summary>The controller's answer to a sample: the concurrency to use, and why when that is worth telling.</summary>
    internal readonly struct ConcurrencyDecision
    {
        public ConcurrencyDecision(int from, int to, string? reason)
        {
            From = from;
            To = to;
            Reason = reason;
        }

        public int From { get; }

        public int To { get; }

        public bool Changed => From != To;

        /// <summary>Why it changed, or why it settled where it is; null when nothing is worth a line of -Verbose.</summary>
        public string? Reason { get; }
    }

    /// <summary>
    /// Decides how many transfers run at once, from samples of what the transfers did and of the events on the wire;
    /// it keeps no clock of its own (the caller times the samples), so every rule can be tested with made-up samples.
    /// <list type="bullet">
    /// <item>It starts with a few connections and doubles them while each doubling still raises the rate (by
    /// <see cref="MinimumGain"/>); later it grows by a quarter at a time, while each quarter raises the rate by at least
    /// half of what it could (<see cref="GrowthShare"/>).</item>
    /// <item>A step that raised the rate a little is kept and growth stops there (the plateau); a step that did not
    /// raise it by <see cref="MinimumGain"/> is undone, except the last step of the first climb, which is undone only
    /// if it lost rate. Every <see cref="ReprobeAfter"/> of steady rate (twice as long
    /// after each step that did not help) it tries one step up, so a line that frees up later in the night is used.</item>
    /// <item>429 or 503 from storage, or a connection error, halves the concurrency at once; then it grows by a
    /// quarter at a time after <see cref="Cooldown"/>. Errors from the requests sent before a back-off took effect do
    /// not count twice.</item>
    /// <item>While the client's own bandwidth cap is filled it adds nothing, and halves the connections as long as
    /// the fewer still fill the cap (it returns to the last number that did).</item>
    /// <item>When there were not files enough to keep the connections busy (<see cref="UsedShare"/>) it neither steps
    /// up nor undoes a step.</item>
    /// <item>It stays between <see cref="Minimum"/> and <see cref="Maximum"/>.</item>
    /// </list>
    /// The rate is judged by Little's law: the transfers running times the bytes per second of each, from the
    /// transfers that finished. Bytes counted as they are written would mislead: a connection puts a file's first
    /// megabytes into TCP's buffers at once and then waits while the line drains them, so the connections just added
    /// would look fast, then idle. After each change it lets <see cref="Settle"/> pass, then judges a window of at
    /// least <see cref="Window"/> once transfers for half the connections have finished (those begun before the change
    /// do not count); files too large for that within <see cref="LongestWindow"/> are judged by their bytes. During the
    /// first climb a sample in which many transfers finished (<see cref="QuickWindowTransfers"/>) is a window by itself.
    /// Samples in which nothing ran are not judged.
    /// </summary>
    internal sealed class ConcurrencyController
    {
        /// <summary>A few connections to start with.</summary>
        public const int DefaultInitial = 4;

        /// <summary>The bound: far beyond what a studio's line needs, and what -ThrottleLimit accepts.</summary>
        public const int DefaultMaximum = 64;

        /// <summary>Below this a step's gain is noise: the step is undone (but the first climb's last step only if it lost rate).</summary>
        public const double MinimumGain = 0.05;

        /// <summary>
        /// After the first climb, a step (a quarter more) must gain this share of what it could (+12.5%) to be followed
        /// by another; the first climb doubles while the rate grows at all (<see cref="MinimumGain"/>).
        /// </summary>
        public const double GrowthShare = 0.5;

        /// <summary>
        /// Fewer transfers running on average than this share of the connections allowed means there were not files
        /// enough to use them (the last files of a run, or hashing and links slower than the line): such a window says
        /// nothing about the line, so no step is taken or undone for it.
        /// </summary>
        public const double UsedShare = 0.75;

        /// <summary>
        /// Transfers finished per connection that make a window's rate sure within one sample: many small files on a
        /// fast line (thousands a second). During the first climb such a window is judged at once and the next settle
        /// is <see cref="QuickSettle"/>, so those files reach their concurrency in about a second instead of 1.5 s a
        /// step, which on loopback is most of a 20,000-file upload. Later steps keep the full window: noise must not
        /// ratchet a night's connections up.
        /// </summary>
        public const int QuickWindowTransfers = 32;

        /// <summary>Time for the transfers in flight at a change to give way to the new concurrency.</summary>
        public static readonly TimeSpan Settle = TimeSpan.FromSeconds(0.5);

        /// <summary>The settle after a quick window: transfers that short are gone within one sample.</summary>
        public static readonly TimeSpan QuickSettle = TimeSpan.FromSeconds(0.25);

        /// <summary>The shortest window judged.</summary>
        public static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

        /// <summary>The longest: files that take longer per connection are judged by the bytes they moved.</summary>
        public static readonly TimeSpan LongestWindow = TimeSpan.FromSeconds(5);

        public static readonly TimeSpan Cooldown = TimeSpan.FromSeconds(5);

        public static readonly TimeSpan ReprobeAfter = TimeSpan.FromSeconds(30);

        public static readonly TimeSpan LongestReprobeAfter = TimeSpan.FromMinutes(10);

        private enum Step
        {
            /// <summary>Holding: the concurrency in force has been judged.</summary>
            None,

            /// <summary>Added connections, to be judged against the rate before.</summary>
            Up,

            /// <summary>Took connections away while the cap was filled, to see whether fewer still fill it.</summary>
            DownForCap,

            /// <summary>Halved on errors; growth waits for the cooldown.</summary>
            BackOff,
        }

        private Step _step = Step.None;
        private bool _doubling = true;
        private bool _judgedOnce;
        private bool _capFloorFound;

        /// <summary>The last window judged was a quick one (<see cref="QuickWindowTransfers"/>).</summary>
        private bool _quick;

        /// <summary>The concurrency and rate before the step being judged.</summary>
        private int _beforeLevel;
        private double _beforeRate;

        /// <summary>
        /// Time left before samples are judged again (the transfers in flight began at the old concurrency); at the
        /// start no transfer is in flight, and one sample lets the first connections open.
        /// </summary>
        private TimeSpan _settleLeft = QuickSettle;
        private TimeSpan _cooldownLeft;
        private TimeSpan _heldFor;
        private TimeSpan _reprobeAfter = ReprobeAfter;

        // The window being filled, and the rates judged at the concurrency in force (their mean, weighted by time).
        private TimeSpan _windowTime;
        private long _windowBytes;
        private int _windowFinished;
        private long _windowFinishedBytes;
        private TimeSpan _windowFinishedTime;
        private double _windowRunningTime;
        private int _windowSamples;
        private int _windowCapped;
        private TimeSpan _levelTime;
        private double _levelBytes;

        public ConcurrencyController(int initial = DefaultInitial, int minimum = 1, int maximum = DefaultMaximum)
        {
            if (minimum < 1 || maximum < minimum || initial < minimum || initial > maximum)
            {
                throw new ArgumentOutOfRangeException(nameof(initial), initial, $"Concurrency must satisfy 1 <= minimum ({minimum}) <= initial ({initial}) <= maximum ({maximum}).");
            }

            Minimum = minimum;
            Maximum = maximum;
            Current = Peak = initial;
        }

        public int Minimum { get; }

        public int Maximum { get; }

        public int Current { get; private set; }

        /// <summary>The most connections it ever allowed.</summary>
        public int Peak { get; private set; }

        /// <summary>How many times it changed the concurrency.</summary>
        public int Changes { get; private set; }

        /// <summary>The best rate judged over a window, in bytes per second.</summary>
        public double BestRate { get; private set; }

        /// <summary>Takes one sample and says what concurrency to use from now on.</summary>
        public ConcurrencyDecision Observe(ConcurrencySample sample)
        {
            if (sample.Throttled > 0 || sample.ConnectionErrors > 0)
            {
                // Errors that arrive while a back-off settles came from requests sent before it took effect.
                if (!(_step == Step.BackOff && _settleLeft > TimeSpan.Zero))
                {
                    return BackOff(sample);
                }
            }

            // Before the first transfer (hashing, the first links) and while none runs (every file waiting out a
            // retry) there is nothing to judge.
            if (!sample.Busy || sample.Duration <= TimeSpan.Zero)
            {
                return Hold();
            }

            if (_settleLeft > TimeSpan.Zero)
            {
                _settleLeft -= sample.Duration;
                return Hold();
            }

            _windowTime += sample.Duration;
            _windowBytes += sample.Bytes;
            _windowFinished += sample.Finished;
            _windowFinishedBytes += sample.FinishedBytes;
            _windowFinishedTime += sample.FinishedTime;
            _windowRunningTime += sample.Running * sample.Duration.TotalSeconds;
            _windowSamples++;
            _windowCapped += sample.CapFilled ? 1 : 0;
            if (!(WindowRate() is double rate))
            {
                return Hold();
            }

            var window = _windowTime;
            _quick = window < Window;
            var capped = _windowCapped * 2 > _windowSamples;
            var used = _windowRunningTime / window.TotalSeconds >= UsedShare * Current;
            _levelTime += window;
            _levelBytes += rate * window.TotalSeconds;
            ResetWindow();
            BestRate = Math.Max(BestRate, rate);
            return Judge(rate, capped, used, window);
        }

        /// <summary>
        /// The window's rate once it can be judged, else null. Little's law: the transfers running, times the bytes
        /// per second each one moved, from those that finished; when none could finish in the longest window (large
        /// files on a slow line), the bytes moved, which bursts then hardly distort.
        /// </summary>
        private double? WindowRate()
        {
            var quick = _doubling && _windowFinished >= QuickWindowTransfers * Current;
            if ((_windowTime < Window && !quick) || (_windowFinished < Math.Max(1, Current / 2) && _windowTime < LongestWindow))
            {
                return null;
            }

            if (_windowFinished > 0 && _windowFinishedTime > TimeSpan.Zero)
            {
                var running = _windowRunningTime / _windowTime.TotalSeconds;
                return _windowFinishedBytes / _windowFinishedTime.TotalSeconds * running;
            }

            return _windowBytes / _windowTime.TotalSeconds;
        }

        private ConcurrencyDecision Judge(double rate, bool capped, bool used, TimeSpan window)
        {
            if (_step == Step.BackOff)
            {
                _cooldownLeft -= window;
                if (_cooldownLeft > TimeSpan.Zero)
                {
                    return Hold();
                }

                _step = Step.None;
                return used ? GrowBy(Quarter(), rate, $"{Rate(rate)} with {Current} connections since backing off") : Hold();
            }

            if (capped)
            {
                return CapFilled(rate);
            }

            if (!used && _step != Step.DownForCap)
            {
                // Not files enough for the connections allowed: more would not help, and fewer would not tell.
                var wasStep = _step == Step.Up;
                _step = Step.None;
                return wasStep ? Note($"there were not files enough to keep {Current} connections busy") : Hold();
            }

            var first = !_judgedOnce;
            _judgedOnce = true;
            switch (_step)
            {
                case Step.DownForCap:
                    _capFloorFound = true;
                    return ChangeTo(_beforeLevel, Step.None, $"{Connections(Current)} no longer filled the bandwidth cap ({Rate(rate)})");
                case Step.Up:
                    return JudgeStepUp(rate);
            }

            if (first)
            {
                return GrowBy(Current, rate, $"{Rate(rate)} with {Current} connections; adding more while the rate grows");
            }

            _heldFor += window;
            if (_heldFor >= _reprobeAfter && Current < Maximum)
            {
                return GrowBy(Quarter(), rate, $"probing: the rate held at {Rate(LevelRate())} for {ImagenFormat.Duration(_heldFor)}");
            }

            return Hold();
        }

        private ConcurrencyDecision JudgeStepUp(double rate)
        {
            var gain = _beforeRate > 0 ? rate / _beforeRate - 1 : rate > 0 ? double.PositiveInfinity : 0;
            var promise = (Current - _beforeLevel) / (double)_beforeLevel;
            if (gain >= (_doubling ? MinimumGain : Math.Max(MinimumGain, promise * GrowthShare)))
            {
                _reprobeAfter = ReprobeAfter;
                if (Current >= Maximum)
                {
                    _step = Step.None;
                    return Note($"the rate grew {Percent(gain)} to {Rate(rate)}, and {Maximum} is the most it uses");
                }

                return GrowBy(_doubling ? Current : Quarter(), rate, $"the rate grew {Percent(gain)} to {Rate(rate)}");
            }

            // The first climb keeps its last step unless it lost rate (on a line that is nearly full, a few percent is all
            // a step can add, and that is noise's size too); a later step must prove itself, so that noise cannot
            // ratchet the connections up probe after probe through a long night.
            var keepFrom = _doubling ? 0 : MinimumGain;
            _doubling = false;
            if (gain >= keepFrom)
            {
                _step = Step.None;
                _heldFor = TimeSpan.Zero;
                return Note($"the rate grew only {Percent(gain)} to {Rate(rate)} with the last step, so it plateaus here");
            }

            // This step did not help: undo it, and wait longer before the next probe.
            _reprobeAfter = TimeSpan.FromTicks(Math.Min(_reprobeAfter.Ticks * 2, LongestReprobeAfter.Ticks));
            return ChangeTo(_beforeLevel, Step.None, $"{Current} connections moved no more than {_beforeLevel} ({Rate(rate)} against {Rate(_beforeRate)})");
        }

        /// <summary>The cap is the limit: add nothing, and find the fewest connections that still fill it.</summary>
        private ConcurrencyDecision CapFilled(double rate)
        {
            _heldFor = TimeSpan.Zero;
            if (_step == Step.Up)
            {
                // The step reached the cap; the concurrency before it did not fill it.
                _step = Step.None;
                _capFloorFound = true;
                return Note($"the bandwidth cap is filled ({Rate(rate)}), so it adds no connections");
            }

            if (_step == Step.DownForCap || (!_capFloorFound && Current > Minimum))
            {
                if (Current > Minimum)
                {
                    RememberBefore(rate);
                    return ChangeTo(Math.Max(Minimum, Current / 2), Step.DownForCap, $"the bandwidth cap (-MaximumBandwidth) is the limit ({Rate(rate)}); fewer connections fill it as well");
                }

                _step = Step.None;
                _capFloorFound = true;
            }

            return Hold();
        }

        private ConcurrencyDecision BackOff(ConcurrencySample sample)
        {
            var why = sample.Throttled > 0
                ? $"storage answered 429/503 {Times(sample.Throttled)}"
                : $"{sample.ConnectionErrors} connection error{(sample.ConnectionErrors == 1 ? string.Empty : "s")}";
            _doubling = false;
            _cooldownLeft = Cooldown;
            ResetWindow();
            var next = Math.Max(Minimum, Current / 2);
            if (next == Current)
            {
                _step = Step.BackOff;
                _settleLeft = Settle;
                return Hold();
            }

            return ChangeTo(next, Step.BackOff, why + ": backing off");
        }

        private ConcurrencyDecision GrowBy(int more, double rate, string why)
        {
            var next = Math.Min(Maximum, Current + Math.Max(1, more));
            if (next == Current)
            {
                _step = Step.None;
                return Hold();
            }

            RememberBefore(rate);
            return ChangeTo(next, Step.Up, why);
        }

        /// <summary>The rate the next step is judged against: all judged at this concurrency, the latest window included.</summary>
        private void RememberBefore(double latest)
        {
            _beforeLevel = Current;
            _beforeRate = _step == Step.None && _levelTime > TimeSpan.Zero ? LevelRate() : latest;
        }

        private ConcurrencyDecision ChangeTo(int next, Step step, string why)
        {
            var from = Current;
            _step = step;
            Current = next;
            Peak = Math.Max(Peak, next);
            Changes++;
            _settleLeft = _quick && step == Step.Up && _doubling ? QuickSettle : Settle;
            _heldFor = TimeSpan.Zero;
            _levelTime = TimeSpan.Zero;
            _levelBytes = 0;
            ResetWindow();
            return new ConcurrencyDecision(from, next, why);
        }

        private void ResetWindow()
        {
            _windowTime = _windowFinishedTime = TimeSpan.Zero;
            _windowBytes = _windowFinishedBytes = 0;
            _windowRunningTime = 0;
            _windowFinished = _windowSamples = _windowCapped = 0;
        }

        private ConcurrencyDecision Hold() => new ConcurrencyDecision(Current, Current, null);

        private ConcurrencyDecision Note(string why) => new ConcurrencyDecision(Current, Current, why);

        private double LevelRate() => _levelTime > TimeSpan.Zero ? _levelBytes / _levelTime.TotalSeconds : 0;

        private int Quarter() => Math.Max(1, Current / 4);

        private static string Connections(int count) => count == 1 ? "1 connection" : count.ToString(CultureInfo.InvariantCulture) + " connections";

        private static string Times(int count) => count == 1 ? "once" : count.ToString(CultureInfo.InvariantCulture) + " times";

        private static string Percent(double share) => double.IsInfinity(share) ? "from nothing" : (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

        private static string Rate(double bytesPerSecond) => ImagenFormat.BitRate(bytesPerSecond);
    }
}
