using System.Text.RegularExpressions;
using Imagen.Emulator.Artifacts;

namespace Imagen.Emulator.Copilot;

/// <summary>
/// The preset ("quick") AI tools of <c>GET /v1/projects/{uuid}/ai-tools</c> (§3.11) and what each does to a photo in
/// the emulator, plus how a Copilot instruction is read. Generative tools and instructions are refused on a
/// realistic-only account (<see cref="EmulatorOptions.RealisticOnly"/>).
/// </summary>
internal static partial class AiToolCatalog
{
    public sealed record Tool(string EnhancementType, string Label, bool EnabledForBatch, bool Generative, Func<DevelopSettings, DevelopSettings> Apply);

    public static readonly IReadOnlyList<Tool> All =
    [
        new("brighten", "Brighten", true, false, s => s with { Exposure = 0.5 }),
        new("white_balance", "Neutral white balance", true, false, s => s with { TemperatureShift = -600 }),
        new("hdr_boost", "HDR boost", true, false, s => s with { Contrast = 20, Shadows = 40, Highlights = -40 }),
        new("black_and_white", "Black and white", true, false, s => s with { Grayscale = true }),
        new("remove_cameraman", "Remove cameraman", false, true, s => s with { Exposure = 0.1, Vignette = -20 }),
        new("declutter", "Declutter", false, true, s => s with { Exposure = 0.15, Dehaze = 20 }),
        new("virtual_twilight", "Virtual twilight", false, true, s => s with { Exposure = -0.8, TemperatureShift = 900 }),
    ];

    public static Tool? Find(string id) => All.FirstOrDefault(t => t.EnhancementType == id);

    public const string RealisticOnlyMessage = "Only realistic editing requests are supported.";

    /// <summary>An instruction that asks to add, remove or replace content is generative; one that adjusts the look is not.</summary>
    public static bool IsGenerative(string instruction) => GenerativeWords().IsMatch(instruction);

    /// <summary>
    /// Reads an instruction as develop adjustments: the words it uses pick them ("brighter", "warmer", "black and
    /// white"...). An instruction with none of those words still gets a gentle lift, so every version differs.
    /// </summary>
    public static DevelopSettings Interpret(string instruction, DevelopSettings neutral)
    {
        string text = instruction.ToLowerInvariant();
        var s = neutral;
        bool matched = false;
        void When(bool condition, Func<DevelopSettings, DevelopSettings> change)
        {
            if (!condition) return;
            s = change(s);
            matched = true;
        }
        When(Has(text, "bright", "lighter", "lift", "brighter"), x => x with { Exposure = x.Exposure + 0.5 });
        When(Has(text, "dark", "moody", "dim"), x => x with { Exposure = x.Exposure - 0.5 });
        When(Has(text, "warm"), x => x with { TemperatureShift = x.TemperatureShift + 800 });
        When(Has(text, "cool", "cold", "blue"), x => x with { TemperatureShift = x.TemperatureShift - 800 });
        When(Has(text, "contrast", "punch"), x => x with { Contrast = x.Contrast + 25 });
        When(Has(text, "saturat", "vibrant", "colorful", "colourful"), x => x with { Saturation = x.Saturation + 25 });
        When(Has(text, "black and white", "monochrome", "b&w", "grayscale", "greyscale"), x => x with { Grayscale = true });
        return matched ? s : s with { Exposure = 0.15, Contrast = 10 };
    }

    private static bool Has(string text, params string[] words) => words.Any(w => text.Contains(w, StringComparison.Ordinal));

    [GeneratedRegex(@"\b(add|remove|replace|insert|generate|erase|delete|stage|swap)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GenerativeWords();
}
