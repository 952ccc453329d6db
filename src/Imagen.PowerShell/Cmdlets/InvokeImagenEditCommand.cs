using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using Imagen.Core;
using Imagen.PowerShell.Completion;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Edits photos with an Imagen AI profile: the SDK's quick_edit as one pipeline step.</para>
    /// <para type="description">All files given (by -Path, -LiteralPath or the pipeline) form ONE project. Before
    /// anything is created on the server, every file is checked against the profile exactly as
    /// Test-ImagenProfileFiles does (same errors), duplicate names and conflicting options are refused. Then it
    /// creates the project, uploads the files concurrently (streamed, with Content-MD5), starts the edit (billed),
    /// waits for it, optionally exports JPEGs, and returns one result per project that Save-ImagenResult takes from
    /// the pipeline. An unknown -ProfileKey stops the command (a terminating ImagenProfileNotFound error), since the
    /// whole project depends on it; a problem with one file is a non-terminating error naming the file, and nothing
    /// is created until every file passes.</para>
    /// <para type="description">Every run keeps a run record (see Get-ImagenRun). Running the same command again
    /// (same files, profile and options) continues the same project: only files whose upload did not finish are
    /// uploaded, the edit and the export are never requested twice (a request whose answer was lost is settled by the
    /// service's status), and a finished run returns its result again without uploading or billing anything. Changed
    /// files or options start a new project (with a warning saying why); -NewProject does so on purpose. The edit
    /// starts only when every file is uploaded (-AllowPartialUpload allows fewer). Once billed, the wait rides out
    /// outages up to -WaitTimeoutSec; a run that stops anyway says which project is billed. Each run ends with a
    /// one-line summary on the Information stream (6). Retries and timeouts: -MaxRetryCount, -RetryDelaySec,
    /// -UploadRetryWindowSec, -WaitTimeoutSec, or the IMAGEN_MAX_RETRIES, IMAGEN_RETRY_DELAY_SEC,
    /// IMAGEN_RETRY_MAX_DELAY_SEC, IMAGEN_UPLOAD_RETRY_WINDOW_SEC, IMAGEN_WAIT_TIMEOUT_SEC, IMAGEN_POLL_INTERVAL_SEC,
    /// IMAGEN_POLL_MAX_INTERVAL_SEC and IMAGEN_TRANSFER_IDLE_TIMEOUT_SEC environment variables; -Debug shows them.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Crop -SmoothSkin | Save-ImagenResult</code><para>Edits a wedding shoot with profile 5700, cropping and smoothing skin, and writes an XMP sidecar beside each RAW file.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Party\*.jpg | Invoke-ImagenEdit -ProfileKey 29132 -Export | Save-ImagenResult -Kind Export -Path D:\Delivery\Party</code><para>Edits JPEGs with a JPG profile, exports finished JPEGs and saves them into a delivery folder.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -WhatIf</code><para>Checks every file against the profile and says what would be created and billed, without sending anything.</para></example>
    /// <example><code>Invoke-ImagenEdit -Path D:\Shoots\Smith\*.cr2 -ProfileKey 5700 -NoWait -ProjectName Smith_Wedding</code><para>Uploads the shoot and starts the edit, then returns at once; Wait-ImagenEdit or Get-ImagenEditStatus follows it later.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -Export -WaitTimeoutSec 43200 -InformationAction Continue 6>&amp;1 | Save-ImagenResult</code><para>The nightly form: run again after an interruption, the same command continues the same project, uploads only what is missing and never bills twice; the summary line goes to the log.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -NewProject -Force</code><para>Edits a shoot that was already edited once more, on purpose, as a new (billed) project.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -MaximumBandwidth 40</code><para>Uploads using at most 40 Mbit/s of the line, so the studio can keep working during the day.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagenEdit", DefaultParameterSetName = ProfileFileInput.PathKeySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenEditResult))]
    public sealed class InvokeImagenEditCommand : EditOptionsCmdlet
    {
        private readonly ProfileFileInput _input = new ProfileFileInput("One project is edited with one profile");

        /// <summary>Photos to edit; wildcards allowed. Strings from the pipeline bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileFileInput.PathKeySet, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileFileInput.PathProfileSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Photos to edit, taken literally. Get-ChildItem output binds here through its PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralKeySet, ValueFromPipelineByPropertyName = true)]
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralProfileSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The profile's key, e.g. 5700.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.PathKeySet)]
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralKeySet)]
        [ArgumentCompleter(typeof(ProfileKeyCompleter))]
        public int ProfileKey { get; set; }

        /// <summary>A profile from Get-ImagenProfile.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.PathProfileSet, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, ParameterSetName = ProfileFileInput.LiteralProfileSet, ValueFromPipeline = true)]
        [ValidateNotNull]
        public ImagenProfile? Profile { get; set; }

        /// <summary>The project's name (unique per account). Default: the photos' folder name and the time.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProjectName { get; set; }

        /// <summary>Also render JPEGs once the edit is done.</summary>
        [Parameter]
        public SwitchParameter Export { get; set; }

        /// <summary>
        /// How many files upload at once, fixed. Without it the number is automatic: it starts with a few, adds more while
        /// the rate grows, and backs off on 429/503, connection errors or a filled -MaximumBandwidth (-Verbose tells why).
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>
        /// Caps this command's transfers at this many megabits per second, all files together (e.g. 50). Default:
        /// Connect-Imagen -MaximumBandwidth, else the IMAGEN_MAX_BANDWIDTH_MBPS environment variable, else no cap.
        /// </summary>
        [Parameter]
        [ValidateRange(1.0, 100000.0)]
        public double MaximumBandwidth { get; set; }

        /// <summary>Start the edit and return at once (with -Export the service exports by itself when done).</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Seconds before the first status check; later checks wait longer, up to 30 s. Default 5.</summary>
        [Parameter]
        [ValidateRange(0.1, 600.0)]
        public double PollingIntervalSec { get; set; }

        /// <summary>Edit without asking for confirmation (-Confirm), also with -NewProject.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Edit these photos again in a NEW project (billed again), even though a run of the same command
        /// exists; asks for confirmation unless -Force (in a non-interactive session give -Force).</summary>
        [Parameter]
        public SwitchParameter NewProject { get; set; }

        /// <summary>Start the edit even when some files could not be uploaded (they are left out; the service accepts
        /// no files after the edit started). Without it, the edit starts only when every file is uploaded.</summary>
        [Parameter]
        public SwitchParameter AllowPartialUpload { get; set; }

        /// <summary>Seconds to wait for the (billed) edit and export, through any outage. Default 86400 (24 h), or
        /// IMAGEN_WAIT_TIMEOUT_SEC. When it passes, the project stays billed and the same command collects it later.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int WaitTimeoutSec { get; set; }

        /// <summary>Retries of each HTTP call after a transient failure (408, 429, 5xx, dropped connection). Default 5,
        /// or IMAGEN_MAX_RETRIES.</summary>
        [Parameter]
        [ValidateRange(0, 100)]
        public int MaxRetryCount { get; set; }

        /// <summary>First backoff delay in seconds between retries (it doubles, with jitter, up to 30 s). Default 1, or
        /// IMAGEN_RETRY_DELAY_SEC.</summary>
        [Parameter]
        [ValidateRange(0.0, 600.0)]
        public double RetryDelaySec { get; set; }

        /// <summary>Seconds a file whose upload keeps failing is tried again, from its first failure. Default 300, or
        /// IMAGEN_UPLOAD_RETRY_WINDOW_SEC.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int UploadRetryWindowSec { get; set; }

        /// <summary>The folder of the run records (default: IMAGEN_RUN_PATH, else the user's local application data,
        /// Imagen/Runs). Never needs to be the shoot folder, which may be read-only.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunPath { get; set; }

        private ImagenEditWorkflow? _workflow;
        private ImagenClient? _tunedClient;

        /// <summary>Ctrl+C once the edit was sent: say which project is (or may be) billed and how to collect it.</summary>
        protected override string? StopNotice =>
            _workflow?.CurrentRecord is { } record && ImagenEditWorkflow.StopAdvice(record) is { } advice ? "Stopped. " + advice : null;

        protected override void ProcessRecord() => _input.Add(this, Profile, Path, LiteralPath);

        protected override void EndProcessing()
        {
            if (_input.Files.Count == 0)
            {
                if (!_input.HadPathProblems)
                {
                    WriteError(new ErrorRecord(new PSArgumentException("No files were given to edit."), ImagenErrorIds.NoFiles, ErrorCategory.InvalidArgument, null));
                }

                WriteVerbose("Nothing was created on the server: no file to edit.");
                return;
            }

            ImagenEditOptions options = BuildEditOptions();
            ImagenClient client = TunedClient(GetTransferClient(Bound(nameof(MaximumBandwidth)) ? MaximumBandwidth : (double?)null));
            var workflow = new ImagenEditWorkflow(client, PostWarning);
            _workflow = workflow;
            var request = new ImagenEditWorkflowRequest
            {
                Files = new List<string>(_input.Files),
                Profile = _input.Profile,
                ProfileKey = _input.Profile is null ? ProfileKey : (int?)null,
                Options = options,
                ProjectName = ProjectName,
                Export = Export,
                Wait = !NoWait,
                ThrottleLimit = Bound(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null,
                PollInterval = Bound(nameof(PollingIntervalSec)) ? TimeSpan.FromSeconds(PollingIntervalSec) : (TimeSpan?)null,
                NewProject = NewProject,
                AllowPartialUpload = AllowPartialUpload,
                WaitTimeout = Bound(nameof(WaitTimeoutSec)) ? TimeSpan.FromSeconds(WaitTimeoutSec) : (TimeSpan?)null,
                RunStore = new ImagenRunStore(RunPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath)),
            };

            ImagenEditPlan? plan = Prepare(workflow, request);
            if (plan is null)
            {
                return;
            }

            string target = $"{plan.Files.Count} {plan.Profile.ImageType} files as project '{plan.ProjectName}'";
            string action = $"Edit with profile {plan.Profile.ProfileKey} '{plan.Profile.ProfileName}' (billed)" + (Export ? " and export JPEGs" : string.Empty);
            bool whatIf = Bound("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            if (!(Force && !whatIf) && !ShouldProcess(target, action))
            {
                return;
            }

            // Editing the same photos again on purpose bills them again: confirm it (High impact) unless -Force.
            if (NewProject && !Force && !ShouldContinue($"Edit {plan.Files.Count} photos again in a new project '{plan.ProjectName}'? The edit is billed again. (Use -Force to skip this question, e.g. in a scheduled task.)", "Edit again (billed)"))
            {
                WriteVerbose("-NewProject was not confirmed: nothing was created or billed.");
                return;
            }

            var progress = new WorkflowProgress(PostProgress, $"Imagen: editing '{plan.ProjectName}'", plan.Export && plan.Wait);
            try
            {
                RunAsync(ct => RunPlanAsync(workflow, plan, progress, ct));
            }
            finally
            {
                progress.CloseQuietly();
            }
        }

        /// <summary>Every local check, nothing created: problems become the same errors Test-ImagenProfileFiles writes.</summary>
        private ImagenEditPlan? Prepare(ImagenEditWorkflow workflow, ImagenEditWorkflowRequest request)
        {
            // An unknown profile key stops the command here (ImagenProfileNotFound), before anything is created.
            ImagenEditPlan plan = RunAsync(async ct =>
            {
                try
                {
                    return await workflow.PrepareAsync(request, ct).ConfigureAwait(false);
                }
                catch (ImagenValidationException invalid)
                {
                    foreach (ImagenFileProblem problem in invalid.Problems)
                    {
                        PostError(ImagenErrorRecords.FromFileProblem(problem));
                    }

                    return null!;
                }
                catch (ImagenException unknown) when (unknown.ErrorId == ImagenErrorIds.ProfileNotFound)
                {
                    // Terminating: the one profile of the whole project is unknown, so nothing can go on.
                    throw new TerminatingErrorException(ImagenErrorRecords.ProfileNotFound(request.ProfileKey ?? (object)"", unknown.Message));
                }
            });
            if (plan is not null)
            {
                WriteVerbose($"{plan.Files.Count} files passed the checks against profile {plan.Profile.ProfileKey} '{plan.Profile.ProfileName}' ({plan.Profile.ImageType}).");
            }
            else
            {
                WriteVerbose("Nothing was created on the server: fix the problems above and run the command again.");
            }

            return _input.HadPathProblems && plan is not null ? RefuseForPathProblems() : plan;
        }

        private ImagenEditPlan? RefuseForPathProblems()
        {
            WriteVerbose("Nothing was created on the server: some of the paths given matched no file (see the errors above).");
            return null;
        }

        private async Task RunPlanAsync(ImagenEditWorkflow workflow, ImagenEditPlan plan, WorkflowProgress progress, CancellationToken ct)
        {
            DateTime started = DateTime.UtcNow;
            ImagenEditResult result;
            try
            {
                result = await workflow.RunAsync(plan, progress, ct).ConfigureAwait(false);
            }
            catch (ImagenWorkflowException failed)
            {
                PostSummary(failed.Result, failed.Message);
                ReportUploadFailures(failed.Result);
                var record = ImagenErrorRecords.FromException(failed, failed.Result.ProjectId);
                record.ErrorDetails = new ErrorDetails(failed.Message)
                {
                    RecommendedAction = RecommendedAction(failed),
                };
                if (!failed.Result.EditStarted)
                {
                    throw new TerminatingErrorException(record);
                }

                // The project was edited (or tried): its result still says what exists on the server.
                PostError(record);
                PostObject(failed.Result);
                return;
            }
            catch (Exception error) when (!(error is OperationCanceledException && ct.IsCancellationRequested))
            {
                ImagenRunRecord? run = workflow.CurrentRecord;
                PostInformation($"Imagen: {plan.Files.Count} files, project {(run?.ProjectId is null ? "not created" : $"'{run.ProjectName}' ({run.ProjectId})")}, {(run?.Billed == true ? "billed" : "not billed")}; stopped: {error.Message}", SummaryTag);
                throw;
            }

            PostSummary(result, null);
            ReportUploadFailures(result);
            PostVerbose($"Project '{result.ProjectName}' ({result.ProjectId}): {result.UploadedCount} of {result.FileCount} files uploaded, edit {result.EditStatus}"
                + (result.ExportRequested ? ", export " + (result.ExportStatus ?? "requested") : string.Empty)
                + $", in {DateTime.UtcNow - started:hh\\:mm\\:ss}.");
            PostObject(result);
        }

        private const string SummaryTag = "ImagenRunSummary";

        /// <summary>The one line a redirected log keeps without -Verbose: project, counts, billed or not, outcome.</summary>
        private void PostSummary(ImagenEditResult result, string? failure)
        {
            string outcome = failure is null
                ? "edit " + (result.EditStatus ?? "submitted") + (result.ExportRequested ? ", export " + (result.ExportStatus ?? "requested") : string.Empty)
                : "stopped: " + failure;
            PostInformation(
                $"Imagen: project '{result.ProjectName}' ({result.ProjectId}), run {result.RunId}{(result.Resumed ? " (continued)" : string.Empty)}: {result.UploadedCount} of {result.FileCount} files uploaded, {(result.Billed ? "billed" : "not billed")}; {outcome}",
                SummaryTag);
        }

        private static string RecommendedAction(ImagenWorkflowException failed)
        {
            if (failed.Result.Billed && failed.ErrorId != ImagenErrorIds.EditFailed && failed.ErrorId != ImagenErrorIds.ExportFailed)
            {
                return "The project is billed: run the same command again to collect it; nothing is billed twice.";
            }

            if (!failed.Result.EditStarted)
            {
                return "Nothing was billed. Check the files and the connection, then run the same command again: it uploads only the missing files, then edits.";
            }

            return "Contact your Imagen service manager with the project id.";
        }

        /// <summary>
        /// The client with this command's retry and timeout settings: the IMAGEN_* environment variables, then the
        /// parameters. Without either, the session's client as it is.
        /// </summary>
        private ImagenClient TunedClient(ImagenClient client)
        {
            ImagenClientOptions options;
            try
            {
                options = client.Options.Clone().ApplyEnvironment();
            }
            catch (ArgumentException bad)
            {
                ThrowTerminatingError(new ErrorRecord(bad, "ImagenInvalidSetting", ErrorCategory.InvalidArgument, null));
                throw;
            }

            bool tuned = Bound(nameof(MaxRetryCount)) || Bound(nameof(RetryDelaySec)) || Bound(nameof(UploadRetryWindowSec)) || Bound(nameof(WaitTimeoutSec))
                || options.Describe() != client.Options.Describe();
            if (!tuned)
            {
                WriteDebug(client.Options.Describe());
                return client;
            }

            if (Bound(nameof(MaxRetryCount)))
            {
                options.MaxRetryAttempts = MaxRetryCount;
            }

            if (Bound(nameof(RetryDelaySec)))
            {
                options.RetryBaseDelay = TimeSpan.FromSeconds(RetryDelaySec);
            }

            if (Bound(nameof(UploadRetryWindowSec)))
            {
                options.UploadRetryWindow = TimeSpan.FromSeconds(UploadRetryWindowSec);
            }

            if (Bound(nameof(WaitTimeoutSec)))
            {
                options.WaitTimeout = TimeSpan.FromSeconds(WaitTimeoutSec);
            }

            WriteDebug("This command's settings: " + options.Describe());
            _tunedClient = new ImagenClient(client.Settings, options, CmdletLog.Instance);
            return _tunedClient;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _tunedClient?.Dispose();
            }

            base.Dispose(disposing);
        }

        private void ReportUploadFailures(ImagenEditResult result)
        {
            foreach (ImagenUploadResult failure in result.Failures)
            {
                PostError(ImagenErrorRecordsForFiles.UploadFailed(failure));
            }
        }
    }
}
