using System;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Smart-edits JPEGs: one Smart Editing project, upload, edit, wait (the SDKs' Smart Editing flow). Billed; the same command continues a stopped run.</para>
    /// <para type="description">Everything piped into one call forms one project. The files are checked before
    /// anything is created: JPEGs only, at least five, unique names. Files above the multipart threshold
    /// (-MultipartThreshold, else ImagenClientOptions.MultipartThreshold, 64 MiB) go up in parts. The edit starts
    /// once every file is uploaded, is requested once and is never sent twice; the command then waits for the
    /// project's status (-NoWait returns once the edit is accepted). The result carries the finished JPEGs' links and
    /// the originals, so Save-ImagenResult saves the JPEGs into an 'Imagen Edit' folder beside the originals (or into
    /// -Path).</para>
    /// <para type="description">The run store remembers every Smart Edit as a run record of its folder (see
    /// Get-ImagenRun), as Invoke-ImagenEdit remembers its shoots, so the same command run again after a kill, a reboot
    /// or Ctrl+C continues where the run stopped: the project is not created again (its name, from the folder, the
    /// photo count and a fingerprint of the photos and options, is looked up on the service before it is created, so
    /// a project a killed run created is found), a photo that went up is not uploaded again (one that changed on disk
    /// since goes up again), a multipart upload the stopped run left open is aborted on the service, and an edit
    /// request whose answer was lost is settled by the project's status, never sent again. A finished Smart Edit is
    /// collected, not repeated: its results go down the pipeline again. Photos of the folder that were Smart-edited
    /// before are not Smart-edited again in a new project (other options, photos added) unless -NewProject says so.
    /// Creating the project rides out 5xx answers like every other call. Files that cannot be uploaded are an error
    /// each, and the edit is not started (nothing is billed) until the same command uploads them. A run that stops
    /// says whether the project is billed.</para>
    /// <example><code>Get-ChildItem D:\Listings\12_Elm_St\*.jpg | Invoke-ImagenSmartEdit | Save-ImagenResult</code><para>Edits a real-estate listing with Smart Editing (no profile) and saves the finished JPEGs beside the originals. Run again after an interruption, it continues the same project.</para></example>
    /// <example><code>Invoke-ImagenSmartEdit -Path .\*.jpg -Name 12_Elm_St -PerspectiveCorrection -SkyReplacement -SkyReplacementTemplateId 1 | Save-ImagenResult -Path D:\Delivery</code><para>Edits the JPEGs of the current folder with perspective correction and a replaced sky, and saves them into a delivery folder.</para></example>
    /// <example><code>Invoke-ImagenSmartEdit -Path D:\Listings\12_Elm_St\*.jpg -HdrMerge -NewProject</code><para>Smart-edits a listing again, with other options, in a new (billed) project.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagenSmartEdit", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenSmartEditResult))]
    public sealed class InvokeImagenSmartEditCommand : SmartEditOptionsCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralSet = "LiteralPath";
        private readonly PipedFiles _files = new PipedFiles();

        /// <summary>JPEGs to edit; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>JPEGs to edit, taken literally. Get-ChildItem output binds here through its PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The project's name, unique among Smart Editing projects. Default: the folder's name, the photo count and a fingerprint of the photos and options (12_Elm_St (24 photos, 3f9a2c1b7e)), which lets the service find the project again.</summary>
        [Parameter]
        [Alias("ProjectName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Return once the edit has started, without waiting.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Seconds before the first status check; later checks wait longer, up to 30 s. Default 5.</summary>
        [Parameter]
        [ValidateRange(0.1, 600.0)]
        public double PollingIntervalSec { get; set; }

        /// <summary>Smart Editing files larger than this go up in parts (multipart), e.g. 100MB. Default 64 MiB.</summary>
        [Parameter]
        [ValidateRange(1L, long.MaxValue)]
        public long MultipartThreshold { get; set; }

        /// <summary>Smart-edit the photos in a new project (billed again) even when they were Smart-edited before, with other options or with fewer photos.</summary>
        [Parameter]
        public SwitchParameter NewProject { get; set; }

        /// <summary>The folder of the run records (default: IMAGEN_RUN_PATH, else the user's local application data, Imagen/Runs).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunPath { get; set; }

        private ImagenSmartEditWorkflow? _workflow;

        /// <summary>Ctrl+C once the edit was sent: say which project is (or may be) billed and how to collect it.</summary>
        protected override string? StopNotice =>
            _workflow?.CurrentRecord is { } record && ImagenEditWorkflow.StopAdvice(record) is { } advice ? "Stopped. " + advice : null;

        protected override void ProcessRecord()
        {
            bool literal = ParameterSetName == LiteralSet;
            _files.Add(this, literal ? LiteralPath : Path, literal);
        }

        protected override void EndProcessing()
        {
            try
            {
                ImagenClient.CheckSmartEditFiles(_files.Files);
            }
            catch (ImagenValidationException invalid)
            {
                foreach (ImagenFileProblem problem in invalid.Problems)
                {
                    WriteError(ImagenErrorRecords.FromFileProblem(problem));
                }

                WriteVerbose("Nothing was created or billed: fix the problems above and run the command again.");
                return;
            }

            if (_files.HadPathProblems)
            {
                WriteVerbose("Nothing was created or billed: some paths matched no file (see above).");
                return;
            }

            if (!Approve($"{_files.Files.Count} JPEGs"))
            {
                return;
            }

            ImagenSmartEditOptions options = BuildSmartEditOptions();
            ImagenClient client = GetTransferClient();
            var workflow = new ImagenSmartEditWorkflow(client, PostWarning);
            _workflow = workflow;
            var store = new ImagenRunStore(RunPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath));
            var request = new ImagenSmartEditRequest
            {
                Files = _files.Files.ToList(),
                ProjectName = Name,
                Options = options,
                Wait = !NoWait,
                PollInterval = Bound(nameof(PollingIntervalSec)) ? TimeSpan.FromSeconds(PollingIntervalSec) : (TimeSpan?)null,
                MultipartThreshold = Bound(nameof(MultipartThreshold)) ? MultipartThreshold : (long?)null,
                NewProject = NewProject,
                RunStore = store,
            };
            var progress = new WorkflowProgress(PostProgress, $"Imagen: Smart Editing {_files.Files.Count} photos");
            ImagenSmartEditResult result;
            try
            {
                result = RunAsync(ct => workflow.RunAsync(request, progress, ct));
            }
            catch (ImagenSmartEditException stopped)
            {
                Summary(stopped.Result, "stopped: " + stopped.Message);
                ReportUploadFailures(stopped.Result);
                WriteError(StopError(stopped));
                if (stopped.Result.Billed)
                {
                    WriteObject(stopped.Result); // billed: what exists on the service, for the next command
                }

                return;
            }
            catch (ImagenException error) when (!(error is ImagenAuthenticationException))
            {
                WriteError(ImagenErrorRecords.FromException(error, Name ?? (object)_files.Files[0]));
                return;
            }
            finally
            {
                progress.CloseQuietly();
                foreach (string notice in store.SetAside)
                {
                    WriteWarning(notice);
                }
            }

            Summary(result, result.State is null ? "not started" : "Smart Edit " + result.Status);
            if (result.State == ImagenJobState.Failed)
            {
                string message = $"The Smart Edit of project {result.ProjectId} failed.";
                WriteError(new ErrorRecord(new ImagenException(message, ImagenErrorIds.SmartEditFailed), ImagenErrorIds.SmartEditFailed, ErrorCategory.InvalidResult, result.ProjectId)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Contact your Imagen service manager with the project id." },
                });
            }

            WriteObject(result);
        }

        private bool Bound(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);

        /// <summary>The one line a redirected log keeps without -Verbose: the project, continued or not, billed or not, outcome.</summary>
        private void Summary(ImagenSmartEditResult result, string outcome)
        {
            string project = result.ProjectId is null ? $"project '{result.ProjectName}' not created" : $"project '{result.ProjectName}' ({result.ProjectId})";
            WriteInformation(
                $"Imagen: Smart Edit of {result.FileCount} photo(s){(result.Resumed ? " (continued)" : string.Empty)}; {project}; {result.UploadedCount} uploaded; {(result.Billed ? "billed" : "not billed")}; {outcome}",
                new[] { "ImagenRunSummary" });
        }

        private void ReportUploadFailures(ImagenSmartEditResult result)
        {
            foreach (ImagenUploadResult failure in result.Failures)
            {
                WriteError(ImagenErrorRecordsForFiles.UploadFailed(failure));
            }
        }

        private static ErrorRecord StopError(ImagenSmartEditException stopped)
        {
            ErrorRecord record = ImagenErrorRecords.FromException(stopped, stopped.Result.ProjectId);
            record.ErrorDetails = new ErrorDetails(stopped.Message)
            {
                RecommendedAction = stopped.Result.Billed
                    ? "The project is billed: run the same command again to collect it; nothing is billed twice."
                    : "Check the files and the connection, then run the same command again: it continues the same project and uploads only what is missing.",
            };
            return record;
        }
    }
}
