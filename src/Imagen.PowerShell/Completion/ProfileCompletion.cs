using System.Collections;
using System.Collections.Generic;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// The profiles that tab completion offers: the session's list when Get-ImagenProfile or Test-ImagenProfileFiles
    /// fetched it lately, else through <see cref="CompletionSource"/> (at most a second per Tab, kept for a minute).
    /// </summary>
    internal static class ProfileCompletion
    {
        public static IReadOnlyList<ImagenProfile> GetProfiles(IDictionary fakeBoundParameters)
        {
            if (CompletionSource.Connection(fakeBoundParameters) is not ResolvedConnection connection)
            {
                return new ImagenProfile[0];
            }

            // Get-ImagenProfile and Test-ImagenProfileFiles refresh the session connection's list.
            if (connection.Session?.Profiles.TryGet() is IReadOnlyList<ImagenProfile> listed)
            {
                return listed;
            }

            IReadOnlyList<ImagenProfile> profiles = CompletionSource.Get(connection, "profiles", (client, ct) => client.GetProfilesAsync(ct));
            if (profiles.Count > 0)
            {
                connection.Session?.Profiles.Store(profiles);
            }

            return profiles;
        }

        public static string Describe(ImagenProfile profile) =>
            $"{profile.ProfileKey}: {profile.ProfileName} ({profile.ImageType}, {profile.ProfileType})";
    }
}
