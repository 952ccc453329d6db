using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Starts rendering a project's edited photos as JPEGs (the SDK's export_project, without the wait).</para>
    /// <para type="description">The edit must have completed. The request is never sent twice: after an ambiguous
    /// failure the export status is read first. Returns the export status; pipe it to Wait-ImagenExport.</para>
    /// <example><code>Start-ImagenExport -ProjectId $id | Wait-ImagenExport</code><para>Starts the JPEG export of an edited project and waits for it.</para></example>
    /// <example><code>Get-ImagenProject -Name Smith_Wedding | Start-ImagenExport | Wait-ImagenExport | Save-ImagenResult -Kind Export -Path D:\Delivery\Smith</code><para>Exports an edited project and saves the JPEGs into a delivery folder.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ImagenExport", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class StartImagenExportCommand : JobCmdlet
    {
        /// <summary>Export without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override ImagenJobKind Kind => ImagenJobKind.Export;

        protected override void ProcessRecord()
        {
            bool whatIf = Bound("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            if (!(Force && !whatIf) && !ShouldProcess($"project {ProjectId}", "Export JPEGs"))
            {
                return;
            }

            string projectId = ProjectId;
            RunForProject(async (client, ct) => PostObject(await client.StartExportAsync(projectId, ct).ConfigureAwait(false)));
        }
    }
}
