using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Imagen.Core
{
    /// <summary>
    /// The Imagen API client. Thread-safe; create one per connection and reuse it. Every method takes a
    /// CancellationToken that reaches every request, retry delay and transfer.
    /// </summary>
    public sealed partial class ImagenClient : IDisposable
    {
        private readonly ImagenHttp _http;
        private readonly IImagenLog _log;
        private readonly ImagenClientOptions _options;

        public ImagenClient(ImagenConnectionSettings settings, ImagenClientOptions? options = null, IImagenLog? log = null)
        {
            Settings = settings ?? throw new ArgumentNullException(nameof(settings));
            _options = (options ?? new ImagenClientOptions()).Validated();
            _log = log ?? NullImagenLog.Instance;
            _http = new ImagenHttp(settings, _options, _log);
        }

        public ImagenConnectionSettings Settings { get; }

        public ImagenClientOptions Options => _options;

        /// <summary>Where Core's story goes (the workflow tells its own steps through the client's log).</summary>
        internal IImagenLog Log => _log;

        /// <summary>The User-Agent sent on every request (Imagen-PowerShell/&lt;version&gt;).</summary>
        public string UserAgent => _http.UserAgent;

        /// <summary>
        /// GET /profiles/: the account's Personal profiles and the available Talent profiles. Accepts every response
        /// shape seen (data-wrapped, bare object, bare list).
        /// </summary>
        public async Task<IReadOnlyList<ImagenProfile>> GetProfilesAsync(CancellationToken cancellationToken = default)
        {
            _log.Verbose("Reading the profiles from " + Settings.BaseUrl + ".");
            var payload = await _http.SendAsync(HttpMethod.Get, "profiles/", ApiBody.None, retry: true, cancellationToken).ConfigureAwait(false);
            if (!ApiEnvelope.TryGetList(payload, "profiles", out var list))
            {
                throw Unexpected("GET /profiles/", "a list of profiles", payload);
            }

            var profiles = new List<ImagenProfile>();
            foreach (var item in list.EnumerateArray())
            {
                var key = ApiEnvelope.GetInt(item, "profile_key");
                if (key == null)
                {
                    throw Unexpected("GET /profiles/", "profile_key on every profile", item);
                }

                profiles.Add(new ImagenProfile(
                    key.Value,
                    ApiEnvelope.GetString(item, "profile_name") ?? string.Empty,
                    ApiEnvelope.GetString(item, "image_type") ?? string.Empty,
                    ApiEnvelope.GetString(item, "profile_type") ?? string.Empty));
            }

            _log.Verbose($"Found {profiles.Count} profiles.");
            return profiles;
        }

        /// <summary>The profile with <paramref name="profileKey"/>, or an ImagenProfileNotFound error naming the choices.</summary>
        public async Task<ImagenProfile> GetProfileAsync(int profileKey, CancellationToken cancellationToken = default)
        {
            var profiles = await GetProfilesAsync(cancellationToken).ConfigureAwait(false);
            foreach (var profile in profiles)
            {
                if (profile.ProfileKey == profileKey)
                {
                    return profile;
                }
            }

            throw new ImagenException($"No profile with key {profileKey} is available to this API key ({profiles.Count} profiles exist; list them with Get-ImagenProfile).", ImagenErrorIds.ProfileNotFound);
        }

        public void Dispose() => _http.Dispose();

        private ImagenException Unexpected(string call, string expected, JsonElement payload)
        {
            // The payload was redacted as it arrived; redacting again also covers what the cut below leaves of it.
            var raw = payload.ValueKind == JsonValueKind.Undefined ? "an empty body" : _http.Redact(payload.GetRawText());
            if (raw.Length > 200)
            {
                raw = raw.Substring(0, 200) + "...";
            }

            return new ImagenException($"The Imagen API answered {call} without {expected}: {_http.Redact(raw)}", ImagenErrorIds.UnexpectedResponse);
        }
    }
}
