using System.Linq;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the run records Invoke-ImagenEdit keeps: pending, finished and failed runs, with their project and counts.</para>
    /// <para type="description">Every Invoke-ImagenEdit run keeps a durable record (as AzCopy's job plan files do): the
    /// project, each file and whether its upload finished, whether the edit and export were requested and accepted,
    /// and each output Save-ImagenResult wrote. Running the same command again continues a Pending run; nothing is
    /// uploaded or billed twice. Records live in the folder of -RunPath, else of the IMAGEN_RUN_PATH environment
    /// variable, else in the user's local application data (Imagen/Runs). Remove records with Remove-ImagenRun.</para>
    /// <example><code>Get-ImagenRun -Status Pending</code><para>Lists the runs that have not finished yet: what a re-run of the same command would continue.</para></example>
    /// <example><code>Get-ImagenRun -ProjectId 65f3a1c2b4d5e6f708192a3b | Format-List *</code><para>Shows everything the run record of one project knows: files, uploads, edit and export states, saved outputs.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenRun", DefaultParameterSetName = "All")]
    [OutputType(typeof(ImagenRunRecord))]
    public sealed class GetImagenRunCommand : PSCmdlet
    {
        /// <summary>Only the runs of this project.</summary>
        [Parameter(ParameterSetName = "Project", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ProjectId { get; set; }

        /// <summary>Only the run with this id (RunId of Invoke-ImagenEdit's result); wildcards allowed.</summary>
        [Parameter(ParameterSetName = "Run", Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? RunId { get; set; }

        /// <summary>Only runs that are Pending (to be continued by the same command), Finished or Failed.</summary>
        [Parameter]
        [Alias("State")]
        public ImagenRunStatus[]? Status { get; set; }

        /// <summary>The folder of the run records (default: IMAGEN_RUN_PATH, else the user's local application data, Imagen/Runs).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunPath { get; set; }

        protected override void ProcessRecord()
        {
            var store = new ImagenRunStore(RunPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath));
            WildcardPattern? runPattern = RunId is null ? null : WildcardPattern.Get(RunId, WildcardOptions.IgnoreCase);
            foreach (ImagenRunRecord record in store.List())
            {
                if ((ProjectId is not null && record.ProjectId != ProjectId)
                    || (runPattern is not null && !runPattern.IsMatch(record.RunId))
                    || (Status is not null && !Status.Contains(record.Status)))
                {
                    continue;
                }

                WriteObject(record);
            }
        }
    }
}
