using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the file extensions Imagen accepts: the SDK's RAW and JPEG sets, exactly.</para>
    /// <para type="description">A RAW profile edits only RAW files and a JPG profile only JPEG files. Scripts can also
    /// read the sets directly: [Imagen.Core.ImagenFileTypes]::RawExtensions and ::JpegExtensions.</para>
    /// <example><code>Get-ImagenSupportedFileType</code><para>Lists every RAW and JPEG extension the service accepts.</para></example>
    /// <example><code>Get-ChildItem D:\Shoot -File | Where-Object { $_.Extension -in (Get-ImagenSupportedFileType -Kind Raw).Extension }</code><para>Picks the RAW files out of a folder.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenSupportedFileType")]
    [OutputType(typeof(ImagenSupportedFileType))]
    public sealed class GetImagenSupportedFileTypeCommand : PSCmdlet
    {
        /// <summary>Only the RAW or only the JPEG extensions.</summary>
        [Parameter(Position = 0)]
        [ValidateSet("Raw", "Jpeg")]
        public ImagenFileKind[]? Kind { get; set; }

        protected override void EndProcessing()
        {
            var kinds = new HashSet<ImagenFileKind>(Kind ?? new[] { ImagenFileKind.Raw, ImagenFileKind.Jpeg });
            if (kinds.Contains(ImagenFileKind.Raw))
            {
                foreach (string extension in ImagenFileTypes.RawExtensions)
                {
                    WriteObject(new ImagenSupportedFileType(extension, ImagenFileKind.Raw));
                }
            }

            if (kinds.Contains(ImagenFileKind.Jpeg))
            {
                foreach (string extension in ImagenFileTypes.JpegExtensions)
                {
                    WriteObject(new ImagenSupportedFileType(extension, ImagenFileKind.Jpeg));
                }
            }
        }
    }
}
