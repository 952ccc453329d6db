using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Removes run records (as azcopy jobs clean does): shoots from Get-ImagenRun, or single runs; the projects, photos and outputs stay where they are.</para>
    /// <para type="description">Takes shoots from Get-ImagenRun (all their records go), run records (a shoot's
    /// Projects), or -RunId / -ShootId. A shoot being edited right now (its lock is held) is not removed. The records
    /// are a cache: Invoke-ImagenEdit finds a shoot's projects on the service again by their names, so removing a record
    /// never bills a photo twice; but the record of a billed project that is not finished is what collects it on this
    /// machine, so removing it asks for confirmation, saying it is billed (the cmdlet's ConfirmImpact is High; give
    /// -Force in scripts; without -Force a non-interactive session refuses). A record that could not be read and was set
    /// aside is removed by its -RunId (the warning names it). Supports -WhatIf and -Confirm.</para>
    /// <example><code>Get-ImagenRun -Status Finished | Remove-ImagenRun -Force</code><para>Removes the records of every finished shoot without asking.</para></example>
    /// <example><code>Get-ImagenRun | Where-Object UpdatedAt -lt (Get-Date).AddDays(-30) | Remove-ImagenRun -WhatIf</code><para>Shows which shoots' records older than 30 days would be removed, without removing them.</para></example>
    /// <example><code>Remove-ImagenRun -RunId 20261205-010000-1a2b3c4d -Force</code><para>Removes one run record, also one that was set aside because it could not be read.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "ImagenRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Shoot")]
    [OutputType(typeof(void))]
    public sealed class RemoveImagenRunCommand : PSCmdlet
    {
        /// <summary>Shoots from Get-ImagenRun (every record of each goes).</summary>
        [Parameter(ParameterSetName = "Shoot", Mandatory = true, Position = 0, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ImagenShoot[] InputObject { get; set; } = new ImagenShoot[0];

        /// <summary>Run records: the Projects of a shoot from Get-ImagenRun.</summary>
        [Parameter(ParameterSetName = "Record", Mandatory = true, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ImagenRunRecord[] Run { get; set; } = new ImagenRunRecord[0];

        /// <summary>The ids of the runs to remove (RunId of a project), also of records set aside as unreadable.</summary>
        [Parameter(ParameterSetName = "Id", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] RunId { get; set; } = new string[0];

        /// <summary>The ids of the shoots to remove (ShootId of Invoke-ImagenEdit's result or Get-ImagenRun).</summary>
        [Parameter(ParameterSetName = "ShootId", Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string[] ShootId { get; set; } = new string[0];

        /// <summary>Remove without asking, also the record of a billed, unfinished project (scripts).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>The folder of the run records (default: IMAGEN_RUN_PATH, else the user's local application data, Imagen/Runs).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunPath { get; set; }

        private ImagenRunStore Store => new ImagenRunStore(RunPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath));

        protected override void ProcessRecord()
        {
            switch (ParameterSetName)
            {
                case "Shoot":
                    foreach (ImagenShoot shoot in InputObject)
                    {
                        RemoveShoot(shoot);
                    }

                    break;
                case "ShootId":
                    foreach (string id in ShootId)
                    {
                        ImagenShoot? shoot = ImagenShoot.All(Store, listFolders: false).FirstOrDefault(s => s.ShootId == id);
                        if (shoot is null)
                        {
                            NotFound($"No shoot '{id}'. Get-ImagenRun lists them.", id);
                            continue;
                        }

                        RemoveShoot(shoot);
                    }

                    break;
                case "Record":
                    foreach (ImagenRunRecord run in Run)
                    {
                        RemoveRun(run);
                    }

                    break;
                default:
                    foreach (string id in RunId)
                    {
                        ImagenRunStore store = Store;
                        ImagenRunRecord? run = store.Find(id);
                        if (run is not null)
                        {
                            RemoveRun(run);
                        }
                        else if (store.HasSetAside(id))
                        {
                            if (Confirmed($"run record '{id}' set aside as unreadable", billedPending: false, new ImagenRunRecord[0]))
                            {
                                Try(() => store.RemoveSetAside(id), $"the unreadable record '{id}'", id);
                            }
                        }
                        else
                        {
                            NotFound($"No run record '{id}'. Get-ImagenRun lists them (a shoot's Projects).", id);
                        }
                    }

                    break;
            }
        }

        private void RemoveShoot(ImagenShoot shoot)
        {
            if (shoot.Record is null)
            {
                foreach (ImagenRunRecord lone in shoot.Projects)
                {
                    RemoveRun(lone);
                }

                return;
            }

            string target = $"shoot '{shoot.Name}' ({shoot.ShootId}): {shoot.Projects.Count} project record(s), {shoot.Status}";
            if (!Confirmed(target, shoot.HasBilledPendingProject, shoot.Projects.Where(p => p.Billed && p.Status == ImagenRunStatus.Pending)))
            {
                return;
            }

            Try(() => Store.RemoveShoot(shoot.Record), target, shoot);
        }

        private void RemoveRun(ImagenRunRecord run)
        {
            string target = $"run {run.RunId} (project '{run.ProjectName}' {run.ProjectId ?? "not created"}, {run.Status})";
            bool billedPending = run.Billed && run.Status == ImagenRunStatus.Pending;
            if (!Confirmed(target, billedPending, billedPending ? new[] { run } : new ImagenRunRecord[0]))
            {
                return;
            }

            // A record from Get-ImagenRun knows its own folder; remove it from the store it came from.
            Try(() => new ImagenRunStore(System.IO.Path.GetDirectoryName(run.Folder)).Remove(run), target, run);
        }

        /// <summary>
        /// -WhatIf and -Confirm for every removal; a billed, unfinished project's record also needs an explicit yes (or
        /// -Force) that says it is billed. A session that cannot ask refuses, naming -Force.
        /// </summary>
        private bool Confirmed(string target, bool billedPending, IEnumerable<ImagenRunRecord> billed)
        {
            string projects = string.Join(", ", billed.Select(p => $"'{p.ProjectName}' ({p.ProjectId})"));
            string action = billedPending
                ? $"Remove the records; project {projects} is billed and not finished: this record is what collects it here (a later Invoke-ImagenEdit of the shoot finds it on the service by its name)"
                : "Remove the records";
            if (Force && !WhatIfOn)
            {
                return true;
            }

            try
            {
                return ShouldProcess(target, action);
            }
            catch (System.Exception noPrompt) when (noPrompt is PSInvalidOperationException || noPrompt is System.Management.Automation.Host.HostException)
            {
                WriteError(new ErrorRecord(
                    new PSInvalidOperationException($"Removing {target} needs a confirmation, and this session cannot ask (non-interactive). Add -Force to remove it." + (billedPending ? $" Project {projects} is billed and not finished." : string.Empty), noPrompt),
                    "ImagenConfirmationNeeded", ErrorCategory.InvalidOperation, target));
                return false;
            }
        }

        private bool WhatIfOn => MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? whatIf) && ((SwitchParameter)whatIf).IsPresent;

        private void Try(System.Action remove, string target, object record)
        {
            try
            {
                remove();
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

        private void NotFound(string message, string id) =>
            WriteError(new ErrorRecord(new ItemNotFoundException(message), "ImagenRunNotFound", ErrorCategory.ObjectNotFound, id));
    }
}
