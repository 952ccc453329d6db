using System.Text.Json;
using Imagen.Emulator.Hosting;

namespace Imagen.Emulator.Faults;

/// <summary>
/// Decides which requests get which injected fault. Each rule counts the requests that matched it; whether the n-th
/// one is hit depends only on the seed, the rule's position and n, so a run replays exactly under the same seed.
/// Counters restart whenever the fault list changes.
/// </summary>
public sealed class FaultInjector
{
    private readonly SettingsStore _settings;
    private readonly object _gate = new();
    private IReadOnlyList<FaultRule> _rules = [];
    private int[] _matches = [], _fired = [];
    private string _signature = "";

    public FaultInjector(SettingsStore settings)
    {
        _settings = settings;
        Reset(settings.Current);
        settings.Changed += Reset;
    }

    /// <summary>The next fault of one of <paramref name="kinds"/> that fires for <paramref name="routeName"/>, if any.</summary>
    public FaultRule? Next(string routeName, params string[] kinds)
    {
        lock (_gate)
        {
            int seed = _settings.Current.Seed;
            for (int i = 0; i < _rules.Count; i++)
            {
                var rule = _rules[i];
                if (!kinds.Contains(rule.Kind) || !rule.Matches(routeName)) continue;
                int n = ++_matches[i];
                if (n <= rule.Skip) continue;
                if (rule.Times is { } times && _fired[i] >= times) continue;
                if (rule.Probability < 1 && Draw(seed, i, n) >= rule.Probability) continue;
                _fired[i]++;
                return rule;
            }
            return null;
        }
    }

    /// <summary>How often each rule has fired so far (admin view).</summary>
    public IReadOnlyList<object> Describe()
    {
        lock (_gate)
            return _rules.Select((rule, i) => (object)new { rule.Route, rule.Kind, rule.Probability, rule.Skip, rule.Times,
                rule.RetryAfterSeconds, rule.LatencyMilliseconds, rule.StallSeconds, Matched = _matches[i], Fired = _fired[i] }).ToList();
    }

    private void Reset(EmulatorOptions options)
    {
        string signature = JsonSerializer.Serialize(options.Faults) + "|" + options.Seed;
        lock (_gate)
        {
            if (signature == _signature) return;
            _signature = signature;
            _rules = options.Faults.Select(f => f.Clone()).ToList();
            _matches = new int[_rules.Count];
            _fired = new int[_rules.Count];
        }
    }

    /// <summary>A uniform number in [0, 1) from (seed, rule, ordinal): SplitMix64 over the three.</summary>
    private static double Draw(int seed, int rule, int ordinal)
    {
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)rule << 32 ^ (ulong)ordinal);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
