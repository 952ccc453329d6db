using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Copilot;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Applies a natural-language instruction to one edited image with Imagen's Copilot (the SDK's apply_copilot).</para>
    /// <para type="description">The answer comes at once: a new version of the image, with its VersionId and a
    /// temporary EnhancedImageUrl. Pipe the result into another Invoke-ImagenCopilot (or Invoke-ImagenEnhancement):
    /// its VersionId becomes that request's -ParentVersionId, so instructions build on each other. Without
    /// -ParentVersionId the instruction starts from the edited image. A regular project must have been exported
    /// first; a Smart Editing project (-Source SmartEdit) must be Completed. Complete-ImagenProject then produces the
    /// final images. Asks for confirmation (-Confirm) since the service may charge for it; -Force does not ask.</para>
    /// <example><code>Invoke-ImagenCopilot -ProjectId $id -FileName DSC_0001.jpg -Instruction 'Make the sky bluer' | Invoke-ImagenCopilot -Instruction 'Now a little warmer'</code><para>Asks Copilot for a bluer sky, then, building on that version, for a warmer look.</para></example>
    /// <example><code>$edit | Invoke-ImagenCopilot -FileName DSC_0001.jpg -Instruction 'Brighten the room' | Complete-ImagenProject | Save-ImagenResult -Path D:\Delivery</code><para>Brightens one image of an edited project with Copilot, finalizes the project and saves the final images.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagenCopilot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenEnhancement))]
    public sealed class InvokeImagenCopilotCommand : ImageCmdlet
    {
        /// <summary>What to change, in plain words (1 to 255 characters).</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [ValidateLength(1, 255)]
        public string Instruction { get; set; } = string.Empty;

        /// <summary>The version to build on (a previous result's VersionId, bound from the pipeline); none starts from the edited image.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("VersionId")]
        public string? ParentVersionId { get; set; }

        protected override void ProcessRecord()
        {
            if (!Approve($"{FileName} in project {ProjectId}", $"Copilot: {Instruction}"))
            {
                return;
            }

            string projectId = ProjectId, fileName = FileName, instruction = Instruction;
            string? parent = string.IsNullOrEmpty(ParentVersionId) ? null : ParentVersionId;
            ImagenProjectSource source = Source;
            RunForProject(async (client, ct) => PostObject(await client.InvokeCopilotAsync(projectId, source, fileName, instruction, parent, ct).ConfigureAwait(false)));
        }
    }
}
