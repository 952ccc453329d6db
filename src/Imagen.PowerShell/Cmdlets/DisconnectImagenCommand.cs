using System.Management.Automation;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Forgets the connection set by Connect-Imagen in this session.</para>
    /// <para type="description">Later commands fall back to the IMAGEN_API_KEY and IMAGEN_BASE_URL environment
    /// variables, or stop with an error that says how to give a key.</para>
    /// <example><code>Disconnect-Imagen</code><para>Forgets the session's key and base URL; later commands fall back to the environment variables.</para></example>
    /// <example><code>Connect-Imagen -ApiKey $studioKey; Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult; Disconnect-Imagen</code><para>Uses another account's key for one job, then forgets it.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "Imagen")]
    public sealed class DisconnectImagenCommand : PSCmdlet
    {
        protected override void EndProcessing()
        {
            SessionConnection? current = SessionConnection.Current;
            if (current is null)
            {
                WriteVerbose("Not connected: nothing to forget.");
                return;
            }

            SessionConnection.Current = null;
            WriteVerbose($"Forgot the connection to {current.Settings.BaseUrl}.");
        }
    }
}
