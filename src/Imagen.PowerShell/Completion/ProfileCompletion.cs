using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Fetches the profiles that tab completion offers, through the same connection a command would use. Completion
    /// must never fail loudly or hang the prompt: any problem (no key, no network) yields no suggestions.
    /// </summary>
    internal static class ProfileCompletion
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

        public static IReadOnlyList<ImagenProfile> GetProfiles(IDictionary fakeBoundParameters)
        {
            try
            {
                string? baseUrl = fakeBoundParameters?["BaseUrl"] as string;
                ResolvedConnection connection = ConnectionResolver.Resolve(null, baseUrl);
                if (connection.Session is not null)
                {
                    IReadOnlyList<ImagenProfile>? cached = connection.Session.Profiles.TryGet();
                    if (cached is not null)
                    {
                        return cached;
                    }

                    IReadOnlyList<ImagenProfile> fetched = Fetch(connection.Session.Client);
                    connection.Session.Profiles.Store(fetched);
                    return fetched;
                }

                using (var client = new ImagenClient(connection.Settings, null, null))
                {
                    return Fetch(client);
                }
            }
            catch (Exception error) when (error is TerminatingErrorException || error is ImagenException || error is OperationCanceledException || error is ArgumentException)
            {
                return Array.Empty<ImagenProfile>();
            }
        }

        /// <summary>The word being completed, without the quotes the user may have typed.</summary>
        public static string Unquote(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');

        public static string Describe(ImagenProfile profile) =>
            $"{profile.ProfileKey}: {profile.ProfileName} ({profile.ImageType}, {profile.ProfileType})";

        private static IReadOnlyList<ImagenProfile> Fetch(ImagenClient client)
        {
            using (var timeout = new CancellationTokenSource(Timeout))
            {
                return client.GetProfilesAsync(timeout.Token).ConfigureAwait(false).GetAwaiter().GetResult();
            }
        }
    }
}
