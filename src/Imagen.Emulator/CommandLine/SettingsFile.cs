using System.Text.Json;

namespace Imagen.Emulator.CommandLine;

/// <summary>
/// Reads emulator settings from a JSON file whose property names are those of <see cref="EmulatorOptions"/>
/// (any casing), e.g. <c>{"envelope":"bare","errorDialect":"detail","faults":[{"route":"edit.status","kind":"503","times":2}]}</c>.
/// </summary>
public static class SettingsFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    public static EmulatorOptions Load(string path)
    {
        if (!File.Exists(path))
            throw new ArgumentException($"Settings file '{path}' does not exist.");
        try
        {
            var options = JsonSerializer.Deserialize<EmulatorOptions>(File.ReadAllText(path), Json)
                ?? throw new ArgumentException($"Settings file '{path}' is empty; write a JSON object such as {{\"envelope\":\"bare\"}}.");
            options.Faults ??= [];
            return options;
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"Settings file '{path}' is not valid: {ex.Message}");
        }
    }
}
