using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Waits until a project's export is Completed or Failed, showing the server's progress.</para>
    /// <para type="description">Like Wait-ImagenEdit, for the JPEG export: polls with a growing interval (5 s up to
    /// 30 s) and shows the server's progress. A Failed export is a non-terminating ImagenExportFailed error; the final
    /// status is written either way, and Save-ImagenResult takes it from the pipeline. -TimeoutSec stops waiting
    /// (ImagenWaitTimeout) while the export goes on. Ctrl+C stops at once.</para>
    /// <example><code>Start-ImagenExport -ProjectId $id | Wait-ImagenExport | Save-ImagenResult -Kind Export -Path D:\Out</code><para>Waits for the export and saves the JPEGs.</para></example>
    /// <example><code>Get-ImagenProject -Name 'Smith*' | Wait-ImagenExport -TimeoutSec 3600 -PollingIntervalSec 15</code><para>Waits up to an hour for the exports of the Smith projects, checking every 15 seconds.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "ImagenExport")]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class WaitImagenExportCommand : JobWaitCmdlet
    {
        protected override ImagenJobKind Kind => ImagenJobKind.Export;
    }
}
