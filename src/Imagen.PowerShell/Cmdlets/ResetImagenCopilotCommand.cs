using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Copilot;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Forgets every Copilot and enhancement version of one image (the SDK's reset_copilot).</para>
    /// <para type="description">The image goes back to its edited state; version ids from before the reset can no
    /// longer be used as -ParentVersionId. Asks for confirmation (ConfirmImpact High); -Force does not ask.</para>
    /// <example><code>Reset-ImagenCopilot -ProjectId $id -FileName DSC_0001.jpg -Force</code><para>Forgets every Copilot and tool version of one image, back to the edited original.</para></example>
    /// <example><code>Invoke-ImagenCopilot -ProjectId $id -FileName DSC_0001.jpg -Instruction 'Darker' | Reset-ImagenCopilot -Confirm:$false</code><para>Tries a darker version of one image, then discards all of that image's versions without asking.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Reset, "ImagenCopilot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    public sealed class ResetImagenCopilotCommand : ImageCmdlet
    {
        protected override void ProcessRecord()
        {
            if (!Approve($"{FileName} in project {ProjectId}", "Reset all Copilot versions"))
            {
                return;
            }

            string projectId = ProjectId, fileName = FileName;
            ImagenProjectSource source = Source;
            RunForProject((client, ct) => client.ResetCopilotAsync(projectId, source, fileName, ct));
        }
    }
}
