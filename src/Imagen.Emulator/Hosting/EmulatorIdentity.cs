using System.Security.Cryptography;

namespace Imagen.Emulator.Hosting;

/// <summary>The things fixed for the life of one emulator: its API key, its storage signing key and its data folder.</summary>
public sealed class EmulatorIdentity
{
    public EmulatorIdentity(string apiKey, string dataDirectory, bool ownsDataDirectory)
    {
        ApiKey = apiKey;
        DataDirectory = dataDirectory;
        OwnsDataDirectory = ownsDataDirectory;
    }

    public string ApiKey { get; }

    /// <summary>The HMAC key that signs storage links; never leaves the process.</summary>
    public byte[] SigningKey { get; } = RandomNumberGenerator.GetBytes(32);

    public string DataDirectory { get; }

    /// <summary>True when the folder is a temporary one the emulator made and deletes on shutdown.</summary>
    public bool OwnsDataDirectory { get; }

    public static string GenerateApiKey() => "emu_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
