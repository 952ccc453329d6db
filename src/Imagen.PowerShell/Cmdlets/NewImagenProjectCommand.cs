using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Creates an empty Imagen project (the SDK's create_project).</para>
    /// <para type="description">A project holds one shoot: upload files to it with Send-ImagenFile, then edit it with
    /// Start-ImagenEdit. Names are unique per account; without -Name the server picks one. Creating is not billed.</para>
    /// <example><code>New-ImagenProject -Name Smith_Wedding | Send-ImagenFile -Path D:\Shoots\Smith\*.cr2</code><para>Creates a project and uploads a shoot into it.</para></example>
    /// <example><code>$project = New-ImagenProject -Name Smith_Wedding; Get-ChildItem D:\Shoots\Smith\*.cr2 | Send-ImagenFile -ProjectId $project.ProjectId | Start-ImagenEdit -ProfileKey 5700 | Wait-ImagenEdit | Save-ImagenResult -Path D:\Shoots\Smith</code><para>The whole job step by step: create, upload, edit, wait and save.</para></example>
    /// <example><code>$project = New-ImagenProject -Name 12_Elm_St -SmartEdit; Get-ChildItem *.jpg | Send-ImagenFile -ProjectId $project.ProjectId -SmartEdit</code><para>Creates a Smart Editing project (no profile) and uploads the JPEGs of the current folder into it.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "ImagenProject", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ImagenProject))]
    public sealed class NewImagenProjectCommand : ImagenApiCmdlet
    {
        /// <summary>The project's name, unique per account. Optional.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Create a Smart Editing project (JPEGs in, finished JPEGs out, no profile).</summary>
        [Parameter]
        public SwitchParameter SmartEdit { get; set; }

        protected override void ProcessRecord()
        {
            if (!ShouldProcess(Name ?? "a project named by the server", SmartEdit ? "Create Smart Editing project" : "Create Imagen project"))
            {
                return;
            }

            ImagenClient client = GetClient();
            string? name = Name;
            WriteObject(SmartEdit ? RunAsync(ct => client.CreateSmartEditProjectAsync(name, ct)) : RunAsync(ct => client.CreateProjectAsync(name, ct)));
        }
    }
}
