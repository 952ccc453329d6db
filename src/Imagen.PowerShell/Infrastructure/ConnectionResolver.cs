using System;
using System.Management.Automation;
using System.Security;
using Imagen.Core;
using Imagen.PowerShell.Errors;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Decides which key and base URL a command uses. Each half is taken from the first place that has it: the
    /// command's own parameter, then Connect-Imagen in this session, then the environment variables (the way for
    /// scheduled tasks); the base URL finally defaults to production. Nothing here ever prompts.
    /// </summary>
    internal static class ConnectionResolver
    {
        public static ResolvedConnection Resolve(SecureString? apiKeyParameter, string? baseUrlParameter)
        {
            SessionConnection? session = SessionConnection.Current;

            // The key first: a base URL that cannot be used is quoted in the error, unless it holds the key.
            ImagenApiKey key;
            ConnectionSource keySource;
            if (apiKeyParameter is not null)
            {
                key = ParseKey(() => ImagenApiKey.FromSecureString(apiKeyParameter), "-ApiKey");
                keySource = ConnectionSource.Parameter;
            }
            else if (session is not null)
            {
                key = session.Settings.ApiKey;
                keySource = ConnectionSource.Session;
            }
            else if (ReadVariable(ImagenConnectionSettings.ApiKeyVariable) is string environmentKey)
            {
                key = ParseKey(() => ImagenApiKey.FromPlainText(environmentKey), "the " + ImagenConnectionSettings.ApiKeyVariable + " environment variable");
                keySource = ConnectionSource.Environment;
            }
            else
            {
                throw new TerminatingErrorException(ImagenErrorRecords.ApiKeyMissing());
            }

            (Uri baseUrl, ConnectionSource baseUrlSource) = ResolveBaseUrl(baseUrlParameter, session, key);

            bool sessionUnchanged = keySource == ConnectionSource.Session && baseUrlSource == ConnectionSource.Session;
            ImagenConnectionSettings settings;
            try
            {
                settings = sessionUnchanged ? session!.Settings : new ImagenConnectionSettings(baseUrl, key);
            }
            catch (ArgumentException error)
            {
                // A base URL holding the key (the only check left after ParseBaseUrl): the record must not carry it.
                throw new TerminatingErrorException(ImagenErrorRecords.InvalidBaseUrl(error, "a base URL holding the API key", BaseUrlOrigin(baseUrlSource)));
            }

            return new ResolvedConnection(settings, keySource, baseUrlSource, sessionUnchanged ? session : null);
        }

        private static string BaseUrlOrigin(ConnectionSource source) => source switch
        {
            ConnectionSource.Parameter => "-BaseUrl",
            ConnectionSource.Environment => "the " + ImagenConnectionSettings.BaseUrlVariable + " environment variable",
            ConnectionSource.Session => "Connect-Imagen",
            _ => "the default",
        };

        /// <summary>
        /// Validates a base URL given by the user (parameter or variable), naming where it came from; one holding
        /// <paramref name="key"/> is refused without being quoted, in the message or as the error's target.
        /// </summary>
        public static Uri ParseBaseUrl(string value, string origin, ImagenApiKey? key)
        {
            try
            {
                return ImagenConnectionSettings.ParseBaseUrl(value, key);
            }
            catch (ArgumentException error)
            {
                bool holdsKey = key is not null && key.AppearsIn(value);
                throw new TerminatingErrorException(ImagenErrorRecords.InvalidBaseUrl(error, holdsKey ? "a base URL holding the API key" : value, origin));
            }
        }

        private static (Uri BaseUrl, ConnectionSource Source) ResolveBaseUrl(string? parameter, SessionConnection? session, ImagenApiKey key)
        {
            if (!string.IsNullOrWhiteSpace(parameter))
            {
                return (ParseBaseUrl(parameter!, "-BaseUrl", key), ConnectionSource.Parameter);
            }

            if (session is not null)
            {
                return (session.Settings.BaseUrl, ConnectionSource.Session);
            }

            if (ReadVariable(ImagenConnectionSettings.BaseUrlVariable) is string variable)
            {
                return (ParseBaseUrl(variable, "the " + ImagenConnectionSettings.BaseUrlVariable + " environment variable", key), ConnectionSource.Environment);
            }

            return (ImagenConnectionSettings.DefaultBaseUrl, ConnectionSource.Default);
        }

        /// <summary>The key in IMAGEN_API_KEY, or null when it is unset or unusable (only to keep it out of messages).</summary>
        public static ImagenApiKey? EnvironmentKeyOrNone()
        {
            try
            {
                return ReadVariable(ImagenConnectionSettings.ApiKeyVariable) is string value ? ImagenApiKey.FromPlainText(value) : null;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        private static ImagenApiKey ParseKey(Func<ImagenApiKey> parse, string origin)
        {
            try
            {
                return parse();
            }
            catch (ArgumentException error)
            {
                throw new TerminatingErrorException(ImagenErrorRecords.InvalidApiKey(error, origin));
            }
        }

        private static string? ReadVariable(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value;
        }
    }
}
