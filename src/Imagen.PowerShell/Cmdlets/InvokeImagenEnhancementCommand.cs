using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Completion;
using Imagen.PowerShell.Copilot;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Applies one of Imagen's preset AI tools to one edited image (the SDK's enhance_image).</para>
    /// <para type="description">-Tool takes a tool's EnhancementType from Get-ImagenAiTool; Tab completes it from the
    /// project's catalogue. Like Invoke-ImagenCopilot the answer is a new version at once, and results chain through
    /// the pipeline (VersionId becomes -ParentVersionId). Generative tools are refused on realistic-only accounts.
    /// Asks for confirmation (-Confirm); -Force does not ask.</para>
    /// <example><code>Invoke-ImagenEnhancement -ProjectId $id -FileName DSC_0001.jpg -Tool remove_cameraman</code><para>Applies the preset tool that removes the cameraman from one image.</para></example>
    /// <example><code>Invoke-ImagenCopilot -ProjectId $id -FileName DSC_0001.jpg -Instruction 'Warmer' | Invoke-ImagenEnhancement -Tool hdr_boost</code><para>Warms one image with Copilot, then applies the HDR boost tool on top of that version.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagenEnhancement", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenEnhancement))]
    public sealed class InvokeImagenEnhancementCommand : ImageCmdlet
    {
        /// <summary>The tool's id (its EnhancementType), e.g. remove_cameraman.</summary>
        [Parameter(Mandatory = true, Position = 2)]
        [Alias("ToolId", "EnhancementType")]
        [ArgumentCompleter(typeof(AiToolCompleter))]
        [ValidateNotNullOrEmpty]
        public string Tool { get; set; } = string.Empty;

        /// <summary>The version to build on (a previous result's VersionId, bound from the pipeline); none starts from the edited image.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("VersionId")]
        public string? ParentVersionId { get; set; }

        protected override void ProcessRecord()
        {
            if (!Approve($"{FileName} in project {ProjectId}", $"Enhance with {Tool}"))
            {
                return;
            }

            string projectId = ProjectId, fileName = FileName, tool = Tool;
            string? parent = string.IsNullOrEmpty(ParentVersionId) ? null : ParentVersionId;
            ImagenProjectSource source = Source;
            RunForProject(async (client, ct) => PostObject(await client.InvokeEnhancementAsync(projectId, source, fileName, tool, parent, ct).ConfigureAwait(false)));
        }
    }
}
