using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the skies -SkyReplacement can use (the SDK's get_sky_replacement_templates).</para>
    /// <para type="description">Pass a template's Id as -SkyReplacementTemplateId to Invoke-ImagenEdit or
    /// Start-ImagenEdit; IsDefault marks the one used when none is given.</para>
    /// <example><code>Get-ImagenSkyTemplate</code><para>Lists the sky templates that -SkyReplacementTemplateId accepts; one is marked as the default.</para></example>
    /// <example><code>$sky = Get-ImagenSkyTemplate | Where-Object IsDefault; Get-ChildItem *.dng | Invoke-ImagenEdit -ProfileKey 71025 -SkyReplacement -SkyReplacementTemplateId $sky.Id</code><para>Edits real-estate photos with sky replacement, choosing the default template explicitly.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenSkyTemplate")]
    [OutputType(typeof(ImagenSkyTemplate))]
    public sealed class GetImagenSkyTemplateCommand : ImagenApiCmdlet
    {
        protected override void EndProcessing()
        {
            ImagenClient client = GetClient();
            IReadOnlyList<ImagenSkyTemplate> templates = RunAsync(ct => client.GetSkyReplacementTemplatesAsync(ct));
            WriteObject(templates, enumerateCollection: true);
        }
    }
}
