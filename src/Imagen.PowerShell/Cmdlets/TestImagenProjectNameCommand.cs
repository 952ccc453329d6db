using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Tells whether a name is free for a new Smart Editing project (the SDK's validate_i2i_project_name).</para>
    /// <para type="description">Returns $true when the service would accept the name for New-ImagenProject -SmartEdit
    /// or Invoke-ImagenSmartEdit -Name, $false when it is taken or not allowed.</para>
    /// <example><code>if (Test-ImagenProjectName -Name 12_Elm_St) { Get-ChildItem *.jpg | Invoke-ImagenSmartEdit -Name 12_Elm_St }</code><para>Edits the folder's JPEGs as project 12_Elm_St only when that name is still free.</para></example>
    /// <example><code>'12_Elm_St', '14_Elm_St' | Test-ImagenProjectName</code><para>Checks two project names at once; each answer says whether the name can be used.</para></example>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "ImagenProjectName")]
    [OutputType(typeof(bool))]
    public sealed class TestImagenProjectNameCommand : ImagenApiCmdlet
    {
        /// <summary>The candidate name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectName")]
        [ValidateNotNullOrEmpty]
        public string Name { get; set; } = string.Empty;

        protected override void ProcessRecord()
        {
            ImagenClient client = GetClient();
            string name = Name;
            WriteObject(RunAsync(ct => client.TestSmartEditProjectNameAsync(name, ct)));
        }
    }
}
