using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Waits until a project's edit is Completed or Failed, showing the server's progress.</para>
    /// <para type="description">Polls with a growing interval (5 s up to 30 s). A Failed edit is a non-terminating
    /// ImagenEditFailed error; the final status is written either way. -TimeoutSec stops waiting (ImagenWaitTimeout)
    /// while the edit goes on. Ctrl+C stops at once.</para>
    /// <example><code>Start-ImagenEdit -ProjectId $id -ProfileKey 5700 | Wait-ImagenEdit</code><para>Waits for an edit to finish, showing its progress.</para></example>
    /// <example><code>Get-ImagenProject -Name Smith_Wedding | Wait-ImagenEdit -TimeoutSec 1800 | Save-ImagenResult -Path D:\Shoots\Smith</code><para>Waits up to half an hour for the edit, then saves its results.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ImagenEdit")]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class WaitImagenEditCommand : JobWaitCmdlet
    {
        protected override ImagenJobKind Kind => ImagenJobKind.Edit;
    }
}
