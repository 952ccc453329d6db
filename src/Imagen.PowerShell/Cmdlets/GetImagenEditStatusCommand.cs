using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets the status of a project's edit: Pending, In Progress (with progress), Completed or Failed.</para>
    /// <para type="description">One status per project; -Export reads the export's status instead (the same as
    /// Get-ImagenExportStatus). State is the status normalised whatever the server's casing.</para>
    /// <example><code>Get-ImagenProject -Name Smith* | Get-ImagenEditStatus</code><para>Shows the edit status and progress of every project whose name starts with Smith.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -NoWait | Get-ImagenEditStatus</code><para>Starts an edit without waiting for it, then reads its status once.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenEditStatus")]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class GetImagenEditStatusCommand : JobCmdlet
    {
        /// <summary>Read the export's status instead of the edit's.</summary>
        [Parameter]
        public SwitchParameter Export { get; set; }

        protected override ImagenJobKind Kind => Export ? ImagenJobKind.Export : ImagenJobKind.Edit;

        protected override void ProcessRecord()
        {
            ImagenJobKind kind = Kind;
            string projectId = ProjectId;
            RunForProject(async (client, ct) => PostObject(await client.GetJobStatusAsync(projectId, kind, ct).ConfigureAwait(false)));
        }
    }
}
