using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// Fetches the profiles that tab completion offers, through the same key and base URL a command would use.
    /// Completion must never fail loudly or block the prompt: a Tab waits at most a second for the service; a slower
    /// answer (a cold start) still arrives in the background for the next Tab. One attempt, no retries, and any
    /// problem (no key, no network) yields no suggestions. Answers are kept per base URL and key for the session, so
    /// only the first Tab calls the service (a failure is kept for half a minute, so an offline prompt stays quick).
    /// </summary>
    internal static class ProfileCompletion
    {
        private static readonly TimeSpan TabWait = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan RememberFailureFor = TimeSpan.FromSeconds(30);
        private static readonly ImagenClientOptions OneAttempt = new ImagenClientOptions { MaxRetryAttempts = 0, ApiRequestTimeout = TimeSpan.FromSeconds(15) };
        private static readonly ConditionalWeakTable<Runspace, List<Entry>> Sessions = new ConditionalWeakTable<Runspace, List<Entry>>();

        public static IReadOnlyList<ImagenProfile> GetProfiles(IDictionary fakeBoundParameters)
        {
            ResolvedConnection connection;
            try
            {
                string? baseUrl = fakeBoundParameters?["BaseUrl"] as string;
                connection = ConnectionResolver.Resolve(null, baseUrl);
            }
            catch (Exception error) when (error is TerminatingErrorException || error is ArgumentException)
            {
                // No key, or a base URL that cannot be used: nothing to ask.
                return Array.Empty<ImagenProfile>();
            }

            // Get-ImagenProfile and Test-ImagenProfileFiles refresh the session connection's list.
            IReadOnlyList<ImagenProfile>? listed = connection.Session?.Profiles.TryGet();
            if (listed is not null)
            {
                return listed;
            }

            Entry entry;
            List<Entry> entries = Runspace.DefaultRunspace is Runspace runspace ? Sessions.GetOrCreateValue(runspace) : new List<Entry>();
            lock (entries)
            {
                Entry? known = entries.Find(e => e.BaseUrl == connection.Settings.BaseUrl && e.Key.SameAs(connection.Settings.ApiKey));
                if (known is null || known.HasFailed && DateTime.UtcNow - known.StartedAtUtc >= RememberFailureFor)
                {
                    if (known is not null)
                    {
                        entries.Remove(known);
                    }

                    known = new Entry(connection.Settings);
                    entries.Add(known);
                }

                entry = known;
            }

            IReadOnlyList<ImagenProfile>? profiles = entry.Wait(TabWait);
            if (profiles is not null && profiles.Count > 0)
            {
                connection.Session?.Profiles.Store(profiles);
            }

            return profiles ?? Array.Empty<ImagenProfile>();
        }

        /// <summary>The word being completed, without the quotes the user may have typed.</summary>
        public static string Unquote(string? wordToComplete) => (wordToComplete ?? string.Empty).Trim().Trim('\'', '"');

        public static string Describe(ImagenProfile profile) =>
            $"{profile.ProfileKey}: {profile.ProfileName} ({profile.ImageType}, {profile.ProfileType})";

        /// <summary>One fetch of one base URL and key: its answer, or the failure, for the session.</summary>
        private sealed class Entry
        {
            private readonly Task<IReadOnlyList<ImagenProfile>> _fetch;

            public Entry(ImagenConnectionSettings settings)
            {
                BaseUrl = settings.BaseUrl;
                Key = settings.ApiKey;
                StartedAtUtc = DateTime.UtcNow;
                _fetch = Task.Run(() => FetchAsync(settings));
            }

            public Uri BaseUrl { get; }

            public ImagenApiKey Key { get; }

            public DateTime StartedAtUtc { get; }

            /// <summary>True once the fetch ended without profiles (offline, refused, a bad key).</summary>
            public bool HasFailed => _fetch.IsCompleted && _fetch.Result.Count == 0;

            /// <summary>The profiles, or null while the service has not answered within <paramref name="wait"/>.</summary>
            public IReadOnlyList<ImagenProfile>? Wait(TimeSpan wait) => _fetch.Wait(wait) ? _fetch.Result : null;

            private static async Task<IReadOnlyList<ImagenProfile>> FetchAsync(ImagenConnectionSettings settings)
            {
                try
                {
                    using (var client = new ImagenClient(settings, OneAttempt, null))
                    {
                        return await client.GetProfilesAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    // Completion offers nothing rather than an error at the prompt.
                    return Array.Empty<ImagenProfile>();
                }
            }
        }
    }
}
