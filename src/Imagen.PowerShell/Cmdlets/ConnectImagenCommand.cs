using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Sets the Imagen API key, base URL and settings for the rest of this PowerShell session.</para>
    /// <para type="description">The key is checked by listing the account's profiles (skip with -SkipValidation);
    /// a key the API refuses leaves the previous connection in place. Without -ApiKey, the IMAGEN_API_KEY
    /// environment variable is used. Nothing ever prompts.</para>
    /// <para type="description">The connection and transfer settings given here (-MaxRetryCount, -RetryDelaySec,
    /// -UploadRetryWindowSec, -WaitTimeoutSec, -MaximumBandwidth, -ThrottleLimit) hold for every later command of the
    /// session that does not give its own; they come before the IMAGEN_* environment variables. Get-ImagenConnection
    /// shows the values in force and where each comes from.</para>
    /// <example><code>Connect-Imagen -ApiKey (Read-Host -AsSecureString 'Imagen API key')</code><para>Asks for the key without echoing it and uses it, with the production service, for the rest of the session.</para></example>
    /// <example><code>Connect-Imagen -ApiKey $key -BaseUrl http://127.0.0.1:5080/v1 -PassThru</code><para>Connects to the local emulator and shows where the key and the base URL come from.</para></example>
    /// <example><code>$env:IMAGEN_API_KEY = $keyText; Connect-Imagen -PassThru</code><para>Checks the key from the IMAGEN_API_KEY environment variable against the service and shows ApiKeySource Environment.</para></example>
    /// <example><code>Connect-Imagen -ApiKey $key -MaximumBandwidth 40 -MaxRetryCount 2</code><para>Caps every later transfer of the session at 40 Mbit/s and retries each call at most twice, unless a command says otherwise.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "Imagen")]
    [OutputType(typeof(ImagenConnectionInfo))]
    public sealed class ConnectImagenCommand : ImagenSettingsCmdlet
    {
        /// <summary>The API key, e.g. (Read-Host -AsSecureString 'Imagen API key').</summary>
        [Parameter(Position = 0)]
        [ValidateNotNull]
        public System.Security.SecureString? ApiKey { get; set; }

        /// <summary>The API's base URL; production unless given (http:// only for loopback, e.g. the emulator).</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? BaseUrl { get; set; }

        /// <summary>Do not check the key against the API now.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        /// <summary>Output the new connection.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            ResolvedConnection resolved = OrTerminate(() => ConnectionResolver.Resolve(ApiKey, BaseUrl));

            // The settings this session will use; a variable that cannot be used is an error now, not at the next command.
            ResolvedSettings settings = OrTerminate(() => SettingsResolver.Resolve(MyInvocation.BoundParameters, null));
            var connection = new SessionConnection(resolved.Settings, SessionSource(resolved.KeySource, SessionConnection.Current?.KeySource), SessionSource(resolved.BaseUrlSource, SessionConnection.Current?.BaseUrlSource), SettingsResolver.Given(MyInvocation.BoundParameters));
            int? profileCount = null;
            if (!SkipValidation)
            {
                WriteVerbose($"Checking the API key against {resolved.Settings.BaseUrl} by listing profiles.");
                try
                {
                    // These are the session's own settings, so the session's client (made now) is the one.
                    IReadOnlyList<ImagenProfile> profiles = RunAsync(ct => connection.ClientFor(settings)!.GetProfilesAsync(ct));
                    profileCount = profiles.Count;
                    connection.ProfileCount = profileCount;
                }
                catch
                {
                    connection.Dispose();
                    throw;
                }

                WriteVerbose($"The key works: it lists {profileCount} profiles.");
            }

            SessionConnection.Current = connection;
            WriteVerbose($"Connected to {resolved.Settings.BaseUrl} for this session (API key from {ImagenApiCmdlet.Describe(resolved.KeySource)}).");
            if (PassThru)
            {
                WriteObject(ImagenConnectionInfo.For(connection, SettingsResolver.Resolve(new Dictionary<string, object>(), connection.GivenSettings)));
            }
        }

        /// <summary>
        /// What the session reports as the source: a value given to Connect-Imagen is the session's own; one read
        /// from the environment (or the default URL) stays that, so Get-ImagenConnection says where the key came from.
        /// </summary>
        private static ConnectionSource SessionSource(ConnectionSource resolved, ConnectionSource? previousSession) => resolved switch
        {
            ConnectionSource.Parameter => ConnectionSource.Session,
            ConnectionSource.Session => previousSession ?? ConnectionSource.Session,
            _ => resolved,
        };
    }
}
