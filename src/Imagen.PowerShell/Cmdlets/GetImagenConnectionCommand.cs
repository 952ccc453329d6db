using System;
using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows where Imagen commands will send requests, where their API key comes from, and the settings they use.</para>
    /// <para type="description">Reports the session's Connect-Imagen connection, else the IMAGEN_API_KEY and
    /// IMAGEN_BASE_URL environment variables; ApiKeySource is None when there is no key. The key is never shown.</para>
    /// <para type="description">Settings lists the connection and transfer settings a command uses when it gives none
    /// of its own (retries, delays, windows, timeouts, the bandwidth cap, the throttle limit and the variable-only
    /// tuning knobs), each with its value and its Source: Session (Connect-Imagen), Environment (its IMAGEN_*
    /// variable, named in EnvironmentVariable) or Default. A variable that cannot be used is an error naming it.</para>
    /// <example><code>Get-ImagenConnection</code><para>Shows the base URL in use and where the key comes from (Session, Environment or None), never the key itself.</para></example>
    /// <example><code>if ((Get-ImagenConnection).ApiKeySource -eq 'None') { Connect-Imagen -ApiKey (Read-Host -AsSecureString 'Imagen API key') }</code><para>Asks for a key only when neither the session nor the environment has one.</para></example>
    /// <example><code>(Get-ImagenConnection).Settings</code><para>Lists every setting with its value, where it comes from and the environment variable that sets it, e.g. MaximumBandwidth 40 Session after Connect-Imagen -MaximumBandwidth 40.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenConnection")]
    [OutputType(typeof(ImagenConnectionInfo))]
    public sealed class GetImagenConnectionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            SessionConnection? session = SessionConnection.Current;
            ResolvedSettings settings = Settings(session);
            if (session is not null)
            {
                WriteObject(ImagenConnectionInfo.For(session, settings));
                return;
            }

            Uri baseUrl = ImagenConnectionSettings.DefaultBaseUrl;
            ConnectionSource baseUrlSource = ConnectionSource.Default;
            string? variable = Environment.GetEnvironmentVariable(ImagenConnectionSettings.BaseUrlVariable);
            if (!string.IsNullOrWhiteSpace(variable))
            {
                try
                {
                    baseUrl = ConnectionResolver.ParseBaseUrl(variable!, "the " + ImagenConnectionSettings.BaseUrlVariable + " environment variable", ConnectionResolver.EnvironmentKeyOrNone());
                }
                catch (TerminatingErrorException terminating)
                {
                    ThrowTerminatingError(terminating.ErrorRecord);
                }

                baseUrlSource = ConnectionSource.Environment;
            }

            bool hasKey = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ImagenConnectionSettings.ApiKeyVariable));
            WriteObject(new ImagenConnectionInfo(baseUrl, hasKey ? ConnectionSource.Environment : ConnectionSource.None, baseUrlSource, null, null, settings));
        }

        /// <summary>What a command without settings parameters of its own would use.</summary>
        private ResolvedSettings Settings(SessionConnection? session)
        {
            try
            {
                return SettingsResolver.Resolve(new Dictionary<string, object>(), session?.GivenSettings);
            }
            catch (TerminatingErrorException terminating)
            {
                ThrowTerminatingError(terminating.ErrorRecord);
                throw; // not reached: ThrowTerminatingError always throws
            }
        }
    }
}
