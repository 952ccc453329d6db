using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Lists the shoots Invoke-ImagenEdit remembers: per shoot, its photos edited, pending, failed and billed, and its projects.</para>
    /// <para type="description">The run store remembers each shoot (a folder) and each of its projects (the first,
    /// and a follow-on for photos added later) as a durable record, as AzCopy's job plan files do: which photos each
    /// project holds and whether they went up, whether the edit and export were requested and accepted, the photos
    /// the service could not edit, and each output Save-ImagenResult wrote. Running the same command again continues a
    /// Pending shoot; nothing is uploaded or billed twice. A shoot is Pending while a project is unfinished or photos
    /// on disk wait to be sent, Failed when photos could not be edited, else Finished. -Shoot finds the shoot of a
    /// folder, also when it was moved or is reached by another path. Records live in the folder of -RunPath, else of
    /// the IMAGEN_RUN_PATH environment variable, else in the user's local application data (Imagen/Runs); a record
    /// that cannot be read is set aside with a warning. Remove records with Remove-ImagenRun; each project is a run
    /// record in the shoot's Projects.</para>
    /// <example><code>Get-ImagenRun -Status Pending</code><para>Lists the shoots that are not finished: what a re-run of the same command would continue or send.</para></example>
    /// <example><code>Get-ImagenRun -Shoot D:\Shoots\Smith | Select-Object -ExpandProperty Projects</code><para>Shows the projects of one shoot (found also when the folder was moved or renamed): states, photo counts, billed.</para></example>
    /// <example><code>Get-ImagenRun | Where-Object Failed -gt 0 | Select-Object -ExpandProperty PhotoFailures</code><para>Lists every photo the service could not edit, with its reason.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "ImagenRun", DefaultParameterSetName = "All")]
    [OutputType(typeof(ImagenShoot))]
    public sealed class GetImagenRunCommand : PSCmdlet
    {
        /// <summary>Only the shoot of this folder (it matches by the folder's identity, its past paths, or its photos).</summary>
        [Parameter(ParameterSetName = "Shoot", Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string? Shoot { get; set; }

        /// <summary>Only the shoot with this id (ShootId of Invoke-ImagenEdit's result).</summary>
        [Parameter(ParameterSetName = "ShootId", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ShootId { get; set; }

        /// <summary>Only the shoot holding this project.</summary>
        [Parameter(ParameterSetName = "Project", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? ProjectId { get; set; }

        /// <summary>Only the shoot holding the run with this id (RunId of a project); wildcards allowed.</summary>
        [Parameter(ParameterSetName = "Run", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string? RunId { get; set; }

        /// <summary>Only shoots that are Pending (to be continued by the same command), Finished or Failed.</summary>
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
            IReadOnlyList<string>? wanted = Shoot is null ? null : ImagenShootLookup.ShootIdsFor(store, SessionState.Path.GetUnresolvedProviderPathFromPSPath(Shoot));
            if (wanted is { Count: 0 })
            {
                WriteError(new ErrorRecord(new ItemNotFoundException($"No shoot is remembered for '{Shoot}': it was never edited from this account, or its records are gone (the service still knows its projects by name: running Invoke-ImagenEdit over it finds them)."), "ImagenShootNotFound", ErrorCategory.ObjectNotFound, Shoot));
                return;
            }

            foreach (ImagenShoot shoot in ImagenShoot.All(store))
            {
                if ((wanted is not null && !wanted.Contains(shoot.ShootId!))
                    || (ShootId is not null && shoot.ShootId != ShootId)
                    || (ProjectId is not null && shoot.Projects.All(p => p.ProjectId != ProjectId))
                    || (runPattern is not null && !shoot.Projects.Any(p => runPattern.IsMatch(p.RunId)))
                    || (Status is not null && !Status.Contains(shoot.Status)))
                {
                    continue;
                }

                WriteObject(shoot);
            }

            foreach (string notice in store.SetAside)
            {
                WriteWarning(notice);
            }
        }
    }
}
