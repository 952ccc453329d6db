using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Copilot;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the preset AI tools available for a project (the SDK's get_ai_tools).</para>
    /// <para type="description">One object per tool: EnhancementType (what Invoke-ImagenEnhancement -Tool takes),
    /// Label, EnabledForBatch and, when the service says, Generative. The project must be exported (regular) or
    /// Completed (Smart Editing).</para>
    /// <example><code>Get-ImagenAiTool -ProjectId $id</code><para>Lists the AI tools the project's images can use, with each tool's name and whether it is generative.</para></example>
    /// <example><code>Get-ImagenAiTool -ProjectId $id -Source SmartEdit | Where-Object Generative -ne $true</code><para>Lists the realistic (non-generative) tools available for a Smart Editing project.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenAiTool")]
    [OutputType(typeof(ImagenAiTool))]
    public sealed class GetImagenAiToolCommand : Workflow.ProjectCmdlet
    {
        /// <summary>Regular (a profile-edited project, the default) or SmartEdit (a Smart Editing project).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ImagenProjectSource Source { get; set; }

        protected override void ProcessRecord()
        {
            string projectId = ProjectId;
            ImagenProjectSource source = Source;
            RunForProject(async (client, ct) =>
            {
                foreach (ImagenAiTool tool in await client.GetAiToolsAsync(projectId, source, ct).ConfigureAwait(false))
                {
                    PostObject(tool);
                }
            });
        }
    }
}
