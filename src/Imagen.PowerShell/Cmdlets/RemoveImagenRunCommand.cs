using System.Linq;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Removes run records (as azcopy jobs clean does); the projects, photos and outputs stay where they are.</para>
    /// <para type="description">Takes records from Get-ImagenRun or by -RunId. A run in progress (its shoot is locked
    /// by a running Invoke-ImagenEdit) is not removed. Once a Pending run's record is removed, running the same command
    /// again starts a NEW project and bills the edit again: remove Pending runs only when you are sure. Supports
    /// -WhatIf and -Confirm.</para>
    /// <example><code>Get-ImagenRun -Status Finished | Remove-ImagenRun</code><para>Removes the records of every finished run.</para></example>
    /// <example><code>Get-ImagenRun | Where-Object UpdatedAt -lt (Get-Date).AddDays(-30) | Remove-ImagenRun -WhatIf</code><para>Shows which run records older than 30 days would be removed, without removing them.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ImagenRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Record")]
    [OutputType(typeof(void))]
    public sealed class RemoveImagenRunCommand : PSCmdlet
    {
        /// <summary>Records from Get-ImagenRun.</summary>
        [Parameter(ParameterSetName = "Record", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ImagenRunRecord[] InputObject { get; set; } = new ImagenRunRecord[0];

        /// <summary>The ids of the runs to remove (RunId of Invoke-ImagenEdit's result or Get-ImagenRun).</summary>
        [Parameter(ParameterSetName = "Id", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] RunId { get; set; } = new string[0];

        /// <summary>The folder of the run records (default: IMAGEN_RUN_PATH, else the user's local application data, Imagen/Runs).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunPath { get; set; }

        protected override void ProcessRecord()
        {
            var store = new ImagenRunStore(RunPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath));
            var records = ParameterSetName == "Id"
                ? RunId.Select(id => store.Find(id) ?? Missing(id)).Where(r => r is not null).Select(r => r!).ToArray()
                : InputObject;
            foreach (ImagenRunRecord record in records)
            {
                string target = $"run {record.RunId} (project '{record.ProjectName}' {record.ProjectId ?? "not created"}, {record.Status})";
                if (!ShouldProcess(target, record.Status == ImagenRunStatus.Pending ? "Remove the record of an unfinished run (the same command would then start a new, billed project)" : "Remove the run record"))
                {
                    continue;
                }

                try
                {
                    // A record from Get-ImagenRun knows its own folder; remove it from the store it came from.
                    new ImagenRunStore(System.IO.Path.GetDirectoryName(record.Folder)).Remove(record);
                    WriteVerbose($"Removed {target}.");
                }
                catch (ImagenException error)
                {
                    WriteError(new ErrorRecord(error, error.ErrorId, ErrorCategory.ResourceBusy, record));
                }
                catch (System.IO.IOException error)
                {
                    WriteError(new ErrorRecord(error, "ImagenRunRemoveFailed", ErrorCategory.WriteError, record));
                }
            }
        }

        private ImagenRunRecord? Missing(string id)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"No run record '{id}'. Get-ImagenRun lists them."), "ImagenRunNotFound", ErrorCategory.ObjectNotFound, id));
            return null;
        }
    }
}
