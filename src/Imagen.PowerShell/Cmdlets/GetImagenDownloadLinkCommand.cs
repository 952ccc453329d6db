using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Gets the temporary download links of a project's edited files or exported JPEGs
    /// (the SDK's get_download_links and get_export_links).</para>
    /// <para type="description">One object per file: FileName (as the server names it), Kind, Url. The links expire
    /// and are credentials while they live: do not log them. Save-ImagenResult downloads them for you.</para>
    /// <example><code>Get-ImagenDownloadLink -ProjectId $id -Kind Export | Select-Object FileName</code><para>Lists the names of a project's exported JPEGs.</para></example>
    /// <example><code>Get-ImagenDownloadLink -ProjectId $id | Where-Object FileName -like 'IMG_0001.*' | Save-ImagenResult -Path D:\Redo</code><para>Downloads only the edit of IMG_0001: piped links save exactly those files.</para></example>
    /// <example><code>Get-ImagenProject -Name Smith_Wedding | Get-ImagenDownloadLink | Measure-Object</code><para>Counts the edited files of the project named Smith_Wedding.</para></example>
    /// <example><code>Get-ImagenDownloadLink -ProjectId $id -Kind SmartEdit -FileName shot_01.jpg</code><para>Gets the single download link of one finished Smart Editing image.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenDownloadLink")]
    [OutputType(typeof(ImagenDownloadLink))]
    public sealed class GetImagenDownloadLinkCommand : ProjectCmdlet
    {
        /// <summary>Edit (XMP sidecars, or DNG/JPEG with the XMP embedded; the default), Export (JPEGs), SmartEdit (a Smart Editing project's JPEGs) or Final (finalize again).</summary>
        [Parameter(Position = 1)]
        public ImagenJobKind Kind { get; set; } = ImagenJobKind.Edit;

        /// <summary>One file's link only (Export or SmartEdit), e.g. DSC_0001.jpg.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FileName { get; set; }

        protected override void ProcessRecord()
        {
            string projectId = ProjectId;
            ImagenJobKind kind = Kind;
            string? fileName = FileName;
            RunForProject(async (client, ct) =>
            {
                if (fileName is not null)
                {
                    PostObject(kind == ImagenJobKind.SmartEdit
                        ? await client.GetSmartEditDownloadLinkAsync(projectId, fileName, ct).ConfigureAwait(false)
                        : await client.GetExportDownloadLinkAsync(projectId, fileName, ct).ConfigureAwait(false));
                    return;
                }

                foreach (ImagenDownloadLink link in await client.GetDownloadLinksAsync(projectId, kind, ct).ConfigureAwait(false))
                {
                    PostObject(link);
                }
            });
        }
    }
}
