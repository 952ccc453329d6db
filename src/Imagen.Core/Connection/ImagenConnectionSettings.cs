using System;

namespace Imagen.Core
{
    /// <summary>Where the Imagen API lives and the key to use with it.</summary>
    public sealed class ImagenConnectionSettings
    {
        /// <summary>Environment variable holding the API key (for scheduled tasks).</summary>
        public const string ApiKeyVariable = "IMAGEN_API_KEY";

        /// <summary>Environment variable holding the base URL (optional; production when unset).</summary>
        public const string BaseUrlVariable = "IMAGEN_BASE_URL";

        /// <summary>Production: https://api.imagen-ai.com/v1.</summary>
        public static Uri DefaultBaseUrl { get; } = new Uri("https://api.imagen-ai.com/v1");

        public ImagenConnectionSettings(Uri baseUrl, ImagenApiKey apiKey)
        {
            if (baseUrl == null)
            {
                throw new ArgumentNullException(nameof(baseUrl));
            }

            ApiKey = apiKey ?? throw new ArgumentNullException(nameof(apiKey));
            BaseUrl = ParseBaseUrl(baseUrl.OriginalString, apiKey);
        }

        /// <summary>The normalised base URL, without a trailing slash (e.g. https://api.imagen-ai.com/v1).</summary>
        public Uri BaseUrl { get; }

        public ImagenApiKey ApiKey { get; }

        /// <summary>
        /// Validates and normalises a base URL: absolute http(s), no credentials, query or fragment, trailing slashes
        /// removed. Plain http is refused unless the host is a loopback address (the local emulator), because the
        /// API key would travel unencrypted.
        /// </summary>
        public static Uri ParseBaseUrl(string value) => ParseBaseUrl(value, null);

        /// <summary>
        /// <see cref="ParseBaseUrl(string)"/> for a URL that will be used with <paramref name="apiKey"/>: one that
        /// holds the key is refused first, without being quoted, as every message and log line naming the address
        /// would show it (and so would the other refusals, which quote the URL).
        /// </summary>
        public static Uri ParseBaseUrl(string value, ImagenApiKey? apiKey)
        {
            var text = (value ?? string.Empty).Trim();
            if (apiKey != null && apiKey.AppearsIn(text))
            {
                throw new ArgumentException($"The Imagen base URL contains the API key. Give the base URL without it (such as {DefaultBaseUrl}) and the key on its own: Connect-Imagen -ApiKey, -ApiKey or the {ApiKeyVariable} environment variable.", nameof(value));
            }

            if (text.Length == 0)
            {
                throw new ArgumentException("The Imagen base URL is empty. Leave it out to use " + DefaultBaseUrl + ", or give a full URL such as http://127.0.0.1:5080/v1.", nameof(value));
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw new ArgumentException($"The Imagen base URL '{text}' is not an absolute http(s) URL. Use a URL such as {DefaultBaseUrl}.", nameof(value));
            }

            if (!string.IsNullOrEmpty(uri.UserInfo))
            {
                throw new ArgumentException($"The Imagen base URL must not contain a user name or password (found in '{uri.Scheme}://...@{uri.Authority}'). Give the API key separately.", nameof(value));
            }

            if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            {
                throw new ArgumentException($"The Imagen base URL '{text}' must not have a query string or fragment.", nameof(value));
            }

            if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            {
                throw new ArgumentException(
                    $"The Imagen base URL '{text}' uses plain http, which would send the API key unencrypted. Use https://, or http:// only with a loopback address such as http://127.0.0.1:5080/v1 (the local emulator).",
                    nameof(value));
            }

            // "https://host/v1/" and "https://host/v1" are the same API; paths are later joined with exactly one slash.
            return new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        }

        /// <summary>Settings from IMAGEN_API_KEY and IMAGEN_BASE_URL, or null when no key is set.</summary>
        public static ImagenConnectionSettings? FromEnvironment()
        {
            var key = Environment.GetEnvironmentVariable(ApiKeyVariable);
            if (string.IsNullOrWhiteSpace(key))
            {
                return null;
            }

            var apiKey = ImagenApiKey.FromPlainText(key!);
            var baseUrl = Environment.GetEnvironmentVariable(BaseUrlVariable);
            var url = string.IsNullOrWhiteSpace(baseUrl) ? DefaultBaseUrl : ParseBaseUrl(baseUrl!, apiKey);
            return new ImagenConnectionSettings(url, apiKey);
        }

        /// <summary>Joins a relative API path to the base URL with exactly one slash.</summary>
        internal Uri Resolve(string relativePath) => new Uri(BaseUrl.AbsoluteUri.TrimEnd('/') + "/" + relativePath.TrimStart('/'));

        /// <summary>True when <paramref name="uri"/> is on the API's own scheme, host and port: the only place the key may go.</summary>
        internal bool IsApiAuthority(Uri uri) =>
            string.Equals(uri.Scheme, BaseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Host, BaseUrl.Host, StringComparison.OrdinalIgnoreCase)
            && uri.Port == BaseUrl.Port;

        public override string ToString() => "Imagen API at " + BaseUrl;
    }
}
