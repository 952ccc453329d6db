using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets the status of a project's export (JPEG rendering): Pending, In Progress, Completed or Failed.</para>
    /// <example><code>Invoke-ImagenEdit ... -Export -NoWait | Get-ImagenExportStatus</code></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenExportStatus")]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class GetImagenExportStatusCommand : JobCmdlet
    {
        protected override ImagenJobKind Kind => ImagenJobKind.Export;

        protected override void ProcessRecord()
        {
            string projectId = ProjectId;
            RunForProject(async (client, ct) => PostObject(await client.GetExportStatusAsync(projectId, ct).ConfigureAwait(false)));
        }
    }
}
