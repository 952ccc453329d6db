using System.Text.Json;
using Imagen.Emulator.Api;

namespace Imagen.Emulator.Profiles;

/// <summary>The profiles of the fake account, read once from the JSON file shipped beside the emulator.</summary>
public sealed class ProfileCatalog
{
    public const string DefaultFileName = "profiles.json";

    private readonly Dictionary<int, Profile> _byKey;

    public ProfileCatalog(IReadOnlyList<Profile> profiles)
    {
        Profiles = profiles;
        _byKey = profiles.ToDictionary(p => p.ProfileKey);
    }

    public IReadOnlyList<Profile> Profiles { get; }

    public Profile? Find(int profileKey) => _byKey.GetValueOrDefault(profileKey);

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, DefaultFileName);

    /// <summary>Loads <c>{"profiles":[{profile_key, profile_name, profile_type, image_type}]}</c> (or a bare array).</summary>
    public static ProfileCatalog Load(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The emulator's profiles file '{path}' does not exist. Pass --profiles FILE or restore profiles.json beside the emulator.", path);
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var array = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement
                : document.RootElement.GetProperty("profiles");
            var profiles = array.Deserialize<List<Profile>>(ApiResponder.Json) ?? [];
            foreach (var profile in profiles)
            {
                if (string.IsNullOrWhiteSpace(profile.ProfileName) || profile.ImageType is not ("RAW" or "JPG"))
                    throw new InvalidDataException($"Profile {profile.ProfileKey} in '{path}' needs a profile_name and an image_type of RAW or JPG.");
            }
            var duplicate = profiles.GroupBy(p => p.ProfileKey).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new InvalidDataException($"Profile key {duplicate.Key} appears {duplicate.Count()} times in '{path}'.");
            return new ProfileCatalog(profiles);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException)
        {
            throw new InvalidDataException($"The profiles file '{path}' is not valid: {ex.Message}", ex);
        }
    }
}
