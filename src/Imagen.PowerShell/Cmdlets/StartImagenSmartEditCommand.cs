using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Workflow;

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
    public sealed class StartImagenSmartEditCommand : SmartEditOptionsCmdlet
    {
        /// <summary>The Smart Editing project to edit.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectUuid")]
        [ValidateNotNullOrEmpty]
        [ValidateProjectId]
        public string ProjectId { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            if (!Approve($"Smart Editing project {ProjectId}"))
            {
                return;
            }

            ImagenSmartEditOptions options = BuildSmartEditOptions();
            ImagenClient client = GetClient();
            string projectId = ProjectId;
            RunAsync(async ct =>
            {
                try
                {
                    PostObject(await client.StartSmartEditAsync(projectId, options, ct).ConfigureAwait(false));
                }
                catch (ImagenException error) when (!(error is ImagenAuthenticationException))
                {
                    // Only this project failed (not found, too few images): the next piped project still runs.
                    PostError(ImagenErrorRecords.FromException(error, projectId));
                }
            });
        }
    }
}
