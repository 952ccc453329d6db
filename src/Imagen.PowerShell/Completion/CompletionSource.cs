using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Completion
{
    /// <summary>
    /// What every completer that asks the service goes through, so that Tab never blocks the prompt: the key and base
    /// URL a command would use, one attempt without retries, and a Tab waits at most a second; a slower answer (a cold
    /// start) still arrives in the background for the next Tab. Any problem (no key, no network, a refusal) yields no
    /// suggestions. Answers are kept per session, base URL, key and question for a minute (then fetched again, the
    /// last answer standing in while the new one is slow); a failure is kept for half a minute, so an offline prompt
    /// stays quick.
    /// </summary>
    internal static class CompletionSource
    {
        private static readonly TimeSpan TabWait = TimeSpan.FromSeconds(1);
        private static readonly TimeSpan KeepAnswerFor = TimeSpan.FromMinutes(1);
        private static readonly TimeSpan KeepFailureFor = TimeSpan.FromSeconds(30);
        private static readonly ImagenClientOptions OneAttempt = new ImagenClientOptions { MaxRetryAttempts = 0, ApiRequestTimeout = TimeSpan.FromSeconds(15) };
        private static readonly ConditionalWeakTable<Runspace, List<Entry>> Sessions = new ConditionalWeakTable<Runspace, List<Entry>>();

        /// <summary>The connection a command with these (typed so far) parameters would use, or null when it has none.</summary>
        public static ResolvedConnection? Connection(IDictionary? fakeBoundParameters)
        {
            try
            {
                return ConnectionResolver.Resolve(null, fakeBoundParameters?["BaseUrl"] as string);
            }
            catch (Exception error) when (error is TerminatingErrorException || error is ArgumentException)
            {
                // No key, or a base URL that cannot be used: nothing to ask.
                return null;
            }
        }

        /// <summary>
        /// The answer to <paramref name="question"/> (e.g. "profiles"; the same text means the same answer) through
        /// <paramref name="connection"/>, waiting at most a second; empty when there is none yet.
        /// </summary>
        public static IReadOnlyList<T> Get<T>(ResolvedConnection connection, string question, Func<ImagenClient, CancellationToken, Task<IReadOnlyList<T>>> fetch)
        {
            Entry entry;
            Entry? stale = null;
            List<Entry> entries = Runspace.DefaultRunspace is Runspace runspace ? Sessions.GetOrCreateValue(runspace) : new List<Entry>();
            lock (entries)
            {
                Entry? known = entries.Find(e => e.Question == question && e.BaseUrl == connection.Settings.BaseUrl && e.Key.SameAs(connection.Settings.ApiKey));
                if (known is not null && !known.IsStale)
                {
                    entry = known;
                }
                else
                {
                    stale = known;
                    entries.RemoveAll(e => e.IsStale);
                    entry = new Entry(connection.Settings, question, async (client, ct) =>
                    {
                        IReadOnlyList<T> answer = await fetch(client, ct).ConfigureAwait(false);
                        return answer.Count > 0 ? answer : null;
                    });
                    entries.Add(entry);
                }
            }

            // The last answer stands in while a fresh one is slow or fails.
            return (entry.Wait(TabWait) ?? stale?.Answer) as IReadOnlyList<T> ?? Array.Empty<T>();
        }

        /// <summary>One question to one base URL with one key: its answer or failure, for a while.</summary>
        private sealed class Entry
        {
            private readonly Task<object?> _fetch;
            private readonly DateTime _startedAtUtc = DateTime.UtcNow;

            public Entry(ImagenConnectionSettings settings, string question, Func<ImagenClient, CancellationToken, Task<object?>> fetch)
            {
                BaseUrl = settings.BaseUrl;
                Key = settings.ApiKey;
                Question = question;
                _fetch = Task.Run(() => FetchAsync(settings, fetch));
            }

            public Uri BaseUrl { get; }

            public ImagenApiKey Key { get; }

            public string Question { get; }

            /// <summary>The answer once it has come; null while it has not, or when the fetch failed.</summary>
            public object? Answer => _fetch.Status == TaskStatus.RanToCompletion ? _fetch.Result : null;

            /// <summary>True when it is time to ask again: a minute after an answer, half a minute after a failure.</summary>
            public bool IsStale => _fetch.IsCompleted && DateTime.UtcNow - _startedAtUtc >= (Answer is null ? KeepFailureFor : KeepAnswerFor);

            /// <summary>The answer, or null while the service has not answered within <paramref name="wait"/> (or failed).</summary>
            public object? Wait(TimeSpan wait) => _fetch.Wait(wait) ? _fetch.Result : null;

            private static async Task<object?> FetchAsync(ImagenConnectionSettings settings, Func<ImagenClient, CancellationToken, Task<object?>> fetch)
            {
                try
                {
                    using (var client = new ImagenClient(settings, OneAttempt, null))
                    {
                        return await fetch(client, CancellationToken.None).ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    // Completion offers nothing rather than an error at the prompt.
                    return null;
                }
            }
        }
    }
}
