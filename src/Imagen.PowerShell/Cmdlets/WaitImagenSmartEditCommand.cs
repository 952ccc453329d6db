using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Waits until a Smart Editing project is Completed or Failed (the SDK's wait_for_i2i_completion).</para>
    /// <para type="description">Polls the project's own status with a growing interval (5 s up to 30 s). A Failed
    /// project is a non-terminating error; the final status is written either way. -TimeoutSec stops waiting while
    /// the edit goes on. Ctrl+C stops at once.</para>
    /// <example><code>Start-ImagenSmartEdit -ProjectId $id | Wait-ImagenSmartEdit | Save-ImagenResult -Path D:\Delivery</code><para>Starts a Smart Edit, waits for it to finish and saves the finished JPEGs into a delivery folder.</para></example>
    /// <example><code>Wait-ImagenSmartEdit -ProjectId $id -TimeoutSec 1800</code><para>Waits up to 30 minutes for a Smart Edit to finish and returns its final status.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ImagenSmartEdit")]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class WaitImagenSmartEditCommand : JobWaitCmdlet
    {
        protected override ImagenJobKind Kind => ImagenJobKind.SmartEdit;
    }
}
