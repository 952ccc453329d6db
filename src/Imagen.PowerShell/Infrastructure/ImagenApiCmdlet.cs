using System.Management.Automation;
using System.Security;
using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that talks to the Imagen API: the per-call -ApiKey and -BaseUrl overrides, the shared
    /// settings (<see cref="ImagenSettingsCmdlet"/>), and the client built from whichever connection applies (see
    /// <see cref="ConnectionResolver"/>) with the settings resolved for this command (see <see cref="SettingsResolver"/>).
    /// </summary>
    public abstract class ImagenApiCmdlet : ImagenSettingsCmdlet
    {
        private ImagenClient? _ownClient;
        private ImagenClient? _client;

        /// <summary>The API key for this command only (overrides Connect-Imagen and IMAGEN_API_KEY).</summary>
        [Parameter]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>The API's base URL for this command only, e.g. http://127.0.0.1:5080/v1 for the local emulator.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? BaseUrl { get; set; }

        /// <summary>
        /// The client for this command, created on first use on the pipeline thread, so a command that needs no
        /// server (for example a check against a piped profile) never asks for a key. The session's client is reused
        /// when this command's connection and settings are the session's; otherwise the command gets its own.
        /// </summary>
        protected ImagenClient GetClient()
        {
            if (_client is not null)
            {
                return _client;
            }

            ResolvedConnection connection = OrTerminate(() => ConnectionResolver.Resolve(ApiKey, BaseUrl));
            WriteVerbose($"Using the Imagen API at {connection.Settings.BaseUrl} (API key from {Describe(connection.KeySource)}).");

            // Connect-Imagen's settings hold for the session even when this command brings its own key or URL.
            ResolvedSettings settings = OrTerminate(() => SettingsResolver.Resolve(MyInvocation.BoundParameters, SessionConnection.Current?.GivenSettings));
            string changed = settings.DescribeChanges();
            if (changed.Length > 0)
            {
                WriteVerbose("Settings: " + changed + ".");
            }

            Session = connection.Session;
            _client = connection.Session?.ClientFor(settings);
            if (_client is null)
            {
                _ownClient = new ImagenClient(connection.Settings, settings.ToOptions(), CmdletLog.Instance);
                _client = _ownClient;
            }

            WriteDebug(_client.Options.Describe());
            return _client;
        }

        /// <summary>The client for a command that moves files: <see cref="GetClient"/>, and -Verbose says what caps the transfers.</summary>
        protected ImagenClient GetTransferClient()
        {
            if (_client is not null)
            {
                return _client;
            }

            ImagenClient client = GetClient();
            WriteVerbose(client.Options.MaximumBandwidthMbps is double limit
                ? $"Transfers are capped at {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} Mbit/s in total."
                : "Transfers are not capped (use -MaximumBandwidth to cap them).");
            return client;
        }

        /// <summary>The session's connection when this command uses it unchanged (no -ApiKey/-BaseUrl override), else null.</summary>
        internal SessionConnection? Session { get; private set; }

        internal static string Describe(ConnectionSource source)
        {
            switch (source)
            {
                case ConnectionSource.Parameter:
                    return "the -ApiKey parameter";
                case ConnectionSource.Session:
                    return "Connect-Imagen";
                case ConnectionSource.Environment:
                    return "the " + ImagenConnectionSettings.ApiKeyVariable + " environment variable";
                default:
                    return "the default";
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _ownClient?.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
