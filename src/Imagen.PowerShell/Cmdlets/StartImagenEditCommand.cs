using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Completion;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Starts editing an uploaded project with a profile (the SDK's start_editing, without the wait). Billed.</para>
    /// <para type="description">Takes the edit options as Invoke-ImagenEdit does; conflicting options are refused
    /// before anything is sent. The request is never sent twice: after an ambiguous failure the edit status is read
    /// first. -Export asks the service to export JPEGs by itself when the edit is done. Returns the edit status;
    /// pipe it to Wait-ImagenEdit.</para>
    /// <example><code>Start-ImagenEdit -ProjectId $id -ProfileKey 5700 | Wait-ImagenEdit</code><para>Starts the (billed) edit of an uploaded project and waits until it is done.</para></example>
    /// <example><code>Get-ImagenProject -Name 12_Elm_St | Start-ImagenEdit -ProfileKey 71025 -PhotographyType REAL_ESTATE -PerspectiveCorrection -WindowPull -SkyReplacement -Export</code><para>Edits a real-estate project with perspective correction, window pull and sky replacement, and asks for JPEG exports.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "ImagenEdit", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenJobStatus))]
    public sealed class StartImagenEditCommand : EditOptionsCmdlet
    {
        /// <summary>The project to edit.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectUuid")]
        [ValidateNotNullOrEmpty]
        [ValidateProjectId]
        public string ProjectId { get; set; } = string.Empty;

        /// <summary>The profile's key, e.g. 5700.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(ProfileKeyCompleter))]
        public int ProfileKey { get; set; }

        /// <summary>Let the service export JPEGs automatically after the edit.</summary>
        [Parameter]
        public SwitchParameter Export { get; set; }

        /// <summary>Edit without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            ImagenEditOptions options = BuildEditOptions();
            if (Bound(nameof(Export)))
            {
                options.Export = Export.IsPresent;
            }

            if (!ReportEditOptionProblems(options))
            {
                WriteVerbose($"The edit of project {ProjectId} was not started.");
                return;
            }

            bool whatIf = Bound("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            if (!(Force && !whatIf) && !ShouldProcess($"project {ProjectId}", $"Edit with profile {ProfileKey} (billed)"))
            {
                return;
            }

            ImagenClient client = GetClient();
            string projectId = ProjectId;
            int profileKey = ProfileKey;
            RunAsync(async ct =>
            {
                try
                {
                    PostObject(await client.StartEditAsync(projectId, profileKey, options, ct).ConfigureAwait(false));
                }
                catch (ImagenException error) when (!(error is ImagenAuthenticationException))
                {
                    PostError(ImagenErrorRecords.FromException(error, projectId));
                }
            });
        }
    }
}
