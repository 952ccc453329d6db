using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets a single temporary upload link for one file (the SDKs' get_i2i_upload_link and get_export_upload_link).</para>
    /// <para type="description">-Kind SmartEdit (the default): a link to PUT one JPEG into a Smart Editing project.
    /// -Kind Export: a link to PUT a replacement exported JPEG into a regular project whose export completed. The link
    /// is a credential while it lives: do not log it. Send-ImagenFile uploads for you; this is for advanced use.</para>
    /// <example><code>$project = New-ImagenProject -SmartEdit; Get-ImagenUploadLink -ProjectId $project.ProjectId -FileName DSC_0001.jpg</code><para>Creates a Smart Editing project and gets a link to upload one JPEG into it.</para></example>
    /// <example><code>Get-ImagenUploadLink -ProjectId $id -FileName DSC_0001.jpg -Kind Export</code><para>Gets a link to upload a replacement for one exported JPEG.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenUploadLink")]
    [OutputType(typeof(ImagenUploadLink))]
    public sealed class GetImagenUploadLinkCommand : ProjectCmdlet
    {
        /// <summary>The file's name as it will be known in the project.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        public string FileName { get; set; } = string.Empty;

        /// <summary>SmartEdit (an input of a Smart Editing project; the default) or Export (a replacement exported JPEG).</summary>
        [Parameter]
        [ValidateSet("SmartEdit", "Export")]
        public ImagenJobKind Kind { get; set; } = ImagenJobKind.SmartEdit;

        protected override void ProcessRecord()
        {
            string projectId = ProjectId, fileName = FileName;
            ImagenJobKind kind = Kind;
            RunForProject(async (client, ct) => PostObject(await client.GetUploadLinkAsync(projectId, kind, fileName, ct).ConfigureAwait(false)));
        }
    }
}
