using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Fetches the profiles that tab completion offers, through the same key and base URL a command would use.
    /// Completion must never fail loudly or hang the prompt: one attempt with a one-second limit, no retries, and any
    /// problem (no key, no network) yields no suggestions. Answers are kept per base URL and key for the session, so
    /// only the first Tab calls the service (a failure is kept briefly, so an offline prompt stays quick).
    /// </summary>
    internal static class ProfileCompletion
    {
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan RememberFailureFor = TimeSpan.FromSeconds(30);
        private static readonly ImagenClientOptions OneQuickAttempt = new ImagenClientOptions { MaxRetryAttempts = 0, ApiRequestTimeout = Timeout };
        private static readonly ConditionalWeakTable<Runspace, List<Entry>> Sessions = new ConditionalWeakTable<Runspace, List<Entry>>();

        public static IReadOnlyList<ImagenProfile> GetProfiles(IDictionary fakeBoundParameters)
        {
            try
            {
                string? baseUrl = fakeBoundParameters?["BaseUrl"] as string;
                ResolvedConnection connection = ConnectionResolver.Resolve(null, baseUrl);
                // Get-ImagenProfile and Test-ImagenProfileFiles refresh the session connection's list.
                IReadOnlyList<ImagenProfile>? listed = connection.Session?.Profiles.TryGet();
                if (listed is not null)
                {
                    return listed;
                }

                List<Entry> entries = Runspace.DefaultRunspace is Runspace runspace ? Sessions.GetOrCreateValue(runspace) : new List<Entry>();
                lock (entries)
                {
                    Entry? known = entries.Find(e => e.BaseUrl == connection.Settings.BaseUrl && e.Key.SameAs(connection.Settings.ApiKey));
                    if (known is not null && (known.Profiles.Count > 0 || DateTime.UtcNow - known.FetchedAtUtc < RememberFailureFor))
                    {
                        return known.Profiles;
                    }

                    IReadOnlyList<ImagenProfile> fetched = Fetch(connection.Settings);
                    if (known is not null)
                    {
                        entries.Remove(known);
                    }

                    entries.Add(new Entry(connection.Settings.BaseUrl, connection.Settings.ApiKey, fetched));
                    connection.Session?.Profiles.Store(fetched);
                    return fetched;
                }
            }
            catch (Exception error) when (error is TerminatingErrorException || error is ArgumentException)
            {
                // No key, or a base URL that cannot be used: nothing to ask.
                return Array.Empty<ImagenProfile>();
            }
        }

        /// <summary>The word being completed, without the quotes the user may have typed.</summary>
        public static string Unquote(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');

        public static string Describe(ImagenProfile profile) =>
            $"{profile.ProfileKey}: {profile.ProfileName} ({profile.ImageType}, {profile.ProfileType})";

        /// <summary>The profiles, or none when the service does not answer at once (a Tab must not block the prompt).</summary>
        private static IReadOnlyList<ImagenProfile> Fetch(ImagenConnectionSettings settings)
        {
            try
            {
                using (var client = new ImagenClient(settings, OneQuickAttempt, null))
                using (var timeout = new CancellationTokenSource(Timeout))
                {
                    return client.GetProfilesAsync(timeout.Token).ConfigureAwait(false).GetAwaiter().GetResult();
                }
            }
            catch (Exception)
            {
                // Offline, refused, slow, a bad key: completion offers nothing rather than an error at the prompt.
                return Array.Empty<ImagenProfile>();
            }
        }

        private sealed class Entry
        {
            public Entry(Uri baseUrl, ImagenApiKey key, IReadOnlyList<ImagenProfile> profiles)
            {
                BaseUrl = baseUrl;
                Key = key;
                Profiles = profiles;
                FetchedAtUtc = DateTime.UtcNow;
            }

            public Uri BaseUrl { get; }

            public ImagenApiKey Key { get; }

            public IReadOnlyList<ImagenProfile> Profiles { get; }

            public DateTime FetchedAtUtc { get; }
        }
    }
}
