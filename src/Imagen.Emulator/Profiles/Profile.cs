using System.Text.Json.Serialization;

namespace Imagen.Emulator.Profiles;

/// <summary>An editing profile as §3.1 lists it. <see cref="ImageType"/> is "RAW" or "JPG".</summary>
public sealed record Profile(int ProfileKey, string ProfileName, string ProfileType, string ImageType)
{
    [JsonIgnore]
    public bool IsRaw => string.Equals(ImageType, "RAW", StringComparison.OrdinalIgnoreCase);
}
