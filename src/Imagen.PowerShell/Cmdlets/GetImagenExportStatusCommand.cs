using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets the status of a project's export (JPEG rendering): Pending, In Progress, Completed or Failed.</para>
    /// <para type="description">One status per project (an id, or any object with a ProjectId such as
    /// Invoke-ImagenEdit's or Get-ImagenProject's output); the same as Get-ImagenEditStatus -Export. Progress is the
    /// server's percentage while In Progress; State is the status normalised whatever the server's casing. It reads
    /// once and does not wait: use Wait-ImagenExport for that. A project that cannot be read (unknown id) is a
    /// non-terminating error, so the next piped project still runs.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -Export -NoWait | Get-ImagenExportStatus</code><para>Starts an edit and export without waiting, then reads the export's status.</para></example>
    /// <example><code>Get-ImagenProject -Name 'Smith*' | Get-ImagenExportStatus | Where-Object State -eq Completed | Save-ImagenResult -Kind Export -Path D:\Delivery\Smith</code><para>Saves the JPEGs of every Smith project whose export has finished.</para></example>
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
