using System;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Shows where Imagen commands will send requests and where their API key comes from.</para>
    /// <para type="description">Reports the session's Connect-Imagen connection, else the IMAGEN_API_KEY and
    /// IMAGEN_BASE_URL environment variables; ApiKeySource is None when there is no key. The key is never shown.</para>
    /// <example><code>Get-ImagenConnection</code><para>Shows the base URL in use and where the key comes from (Session, Environment or None), never the key itself.</para></example>
    /// <example><code>if ((Get-ImagenConnection).ApiKeySource -eq 'None') { Connect-Imagen -ApiKey (Read-Host -AsSecureString 'Imagen API key') }</code><para>Asks for a key only when neither the session nor the environment has one.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenConnection")]
    [OutputType(typeof(ImagenConnectionInfo))]
    public sealed class GetImagenConnectionCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            SessionConnection? session = SessionConnection.Current;
            if (session is not null)
            {
                WriteObject(ImagenConnectionInfo.For(session));
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
            WriteObject(new ImagenConnectionInfo(baseUrl, hasKey ? ConnectionSource.Environment : ConnectionSource.None, baseUrlSource, null, null));
        }
    }
}
