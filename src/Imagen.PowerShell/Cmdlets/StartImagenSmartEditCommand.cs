using System;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Copilot;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Starts editing an uploaded Smart Editing project (the SDK's start_i2i_editing, without the wait). Billed.</para>
    /// <para type="description">The project needs at least five uploaded JPEGs. The request is never sent twice:
    /// after an ambiguous failure the project's status is read first. Returns the status (Kind SmartEdit); pipe it
    /// to Wait-ImagenSmartEdit.</para>
    /// <example><code>New-ImagenProject -SmartEdit | Send-ImagenFile -Path *.jpg -SmartEdit | Start-ImagenSmartEdit | Wait-ImagenSmartEdit</code><para>Creates a Smart Editing project, uploads the JPEGs of the current folder, starts the edit and waits for it.</para></example>
    /// <example><code>Start-ImagenSmartEdit -ProjectId $id -PerspectiveCorrection -SkyReplacement -SkyReplacementTemplateId 1</code><para>Starts the Smart Edit of an uploaded project with perspective correction and sky replacement.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ImagenSmartEdit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class StartImagenSmartEditCommand : Workflow.ProjectCmdlet
    {
        /// <summary>Merge bracketed exposures.</summary>
        [Parameter]
        public SwitchParameter HdrMerge { get; set; }

        /// <summary>Replace the sky.</summary>
        [Parameter]
        public SwitchParameter SkyReplacement { get; set; }

        /// <summary>The sky template (Get-ImagenSkyTemplate).</summary>
        [Parameter]
        public int? SkyReplacementTemplateId { get; set; }

        /// <summary>Straighten verticals.</summary>
        [Parameter]
        public SwitchParameter PerspectiveCorrection { get; set; }

        /// <summary>An https URL the service POSTs to when the edit finishes.</summary>
        [Parameter]
        public Uri? CallbackUrl { get; set; }

        /// <summary>Edit without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            bool whatIf = Bound("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            if (!(Force && !whatIf) && !ShouldProcess($"Smart Editing project {ProjectId}", "Smart Edit (billed)"))
            {
                return;
            }

            var options = new ImagenSmartEditOptions
            {
                HdrMerge = HdrMerge.IsPresent ? true : (bool?)null,
                SkyReplacement = SkyReplacement.IsPresent ? true : (bool?)null,
                SkyReplacementTemplateId = SkyReplacementTemplateId,
                PerspectiveCorrection = PerspectiveCorrection.IsPresent ? true : (bool?)null,
                CallbackUrl = CallbackUrl,
            };
            string projectId = ProjectId;
            RunForProject(async (client, ct) => PostObject(await client.StartSmartEditAsync(projectId, options, ct).ConfigureAwait(false)));
        }
    }
}
