using System.Management.Automation;
using System.Security;
using Imagen.Core;

namespace Imagen.PowerShell.Infrastructure
{
    /// <summary>
    /// Base of every cmdlet that talks to the Imagen API: the per-call -ApiKey and -BaseUrl overrides and the client
    /// built from whichever connection applies (see <see cref="ConnectionResolver"/>).
    /// </summary>
    public abstract class ImagenApiCmdlet : AsyncCmdlet
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
        /// server (for example a check against a piped profile) never asks for a key.
        /// </summary>
        protected ImagenClient GetClient() => GetClient(transfers: false, null);

        /// <summary>
        /// The client for a command that moves files, with the bandwidth cap from <paramref name="maximumBandwidthMbps"/>
        /// (the command's -MaximumBandwidth), else Connect-Imagen's, else IMAGEN_MAX_BANDWIDTH_MBPS. The session's
        /// client is reused when its cap is the same; otherwise the command gets a client of its own with that cap.
        /// </summary>
        protected ImagenClient GetTransferClient(double? maximumBandwidthMbps) => GetClient(transfers: true, maximumBandwidthMbps);

        private ImagenClient GetClient(bool transfers, double? maximumBandwidthMbps)
        {
            if (_client is not null)
            {
                return _client;
            }

            ResolvedConnection connection = OrTerminate(() => ConnectionResolver.Resolve(ApiKey, BaseUrl));
            WriteVerbose($"Using the Imagen API at {connection.Settings.BaseUrl} (API key from {Describe(connection.KeySource)}).");
            double? cap = transfers ? OrTerminate(() => ConnectionResolver.ResolveBandwidth(maximumBandwidthMbps, connection.Session)) : null;
            Session = connection.Session;
            if (connection.Session is not null && (!transfers || connection.Session.MaximumBandwidthMbps == cap))
            {
                _client = connection.Session.Client;
            }
            else
            {
                _ownClient = new ImagenClient(connection.Settings, new ImagenClientOptions { MaximumBandwidthMbps = cap }, CmdletLog.Instance);
                _client = _ownClient;
            }

            if (transfers)
            {
                WriteVerbose(cap is double limit
                    ? $"Transfers are capped at {limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} Mbit/s in total."
                    : "Transfers are not capped (use -MaximumBandwidth to cap them).");
            }

            return _client;
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
