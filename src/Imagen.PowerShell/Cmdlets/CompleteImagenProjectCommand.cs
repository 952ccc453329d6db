using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Copilot;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Finalizes a project's Copilot and enhancement work: the final images, enhanced ones upscaled (the SDK's finalize_project).</para>
    /// <para type="description">Each image's latest version is locked in; images never enhanced come back as
    /// edited. The result holds one temporary link per image; pipe it to Save-ImagenResult to download them. Asks for
    /// confirmation (-Confirm) since the service may charge for upscaling; -Force does not ask.</para>
    /// <example><code>Complete-ImagenProject -ProjectId $id | Save-ImagenResult -Path D:\Delivery\Smith</code><para>Produces the final (upscaled) images of an edited project and saves them into a delivery folder.</para></example>
    /// <example><code>Invoke-ImagenCopilot -ProjectId $id -FileName DSC_0001.jpg -Instruction 'Warmer' | Complete-ImagenProject | Save-ImagenResult -Path .\final</code><para>Changes one image with a Copilot instruction, then finalizes the project and saves the final images.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Complete, "ImagenProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenFinalizeResult))]
    public sealed class CompleteImagenProjectCommand : ProjectSourceCmdlet
    {
        protected override void ProcessRecord()
        {
            if (!Approve($"project {ProjectId}", "Finalize (upscale the enhanced images)"))
            {
                return;
            }

            string projectId = ProjectId;
            ImagenProjectSource source = Source;
            RunForProject(async (client, ct) =>
                PostObject(new ImagenFinalizeResult(projectId, source, await client.FinalizeAsync(projectId, source, ct).ConfigureAwait(false))));
        }
    }
}
