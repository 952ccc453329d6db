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
    /// <para type="synopsis">Edits shoots with an Imagen AI profile: each shoot folder (or the folder of the photos given) is one shoot, and each photo of it is billed once.</para>
    /// <para type="description">Give shoot folders (Get-ChildItem D:\Shoots -Directory) or photos (Get-ChildItem *.cr2);
    /// photos are grouped by their folder, and each folder is a shoot: its photos of the profile's type (top level;
    /// -Recurse takes subfolders too). For each shoot, one result goes down the pipeline as the shoot is done, so
    /// Save-ImagenResult saves shoot after shoot. A folder with no photos of the profile's type is skipped with a
    /// warning.</para>
    /// <para type="description">The run store remembers every photo sent to an edit, by name, size and MD5, with the
    /// profile and options used (see Get-ImagenRun). The same command run again over a shoot sends only what is new:
    /// photos added since go to one follow-on project of the shoot (its name says so); culled photos are no error; a
    /// folder moved or reached by another path is the same shoot; a time-stamp change alone is no change. A photo
    /// edited before whose bytes changed since is not sent again (a warning names it; -NewProject edits the shoot again
    /// on purpose). Another profile or other edit options on an edited shoot stop before anything is created, saying
    /// what differs. Adding -Export exports the shoot's projects without editing them again. A photo written less than
    /// -QuietPeriodSec ago (default 120) waits for a later run, and just before the edit every uploaded photo is
    /// checked against the disk, so the service edits the bytes on disk. A photo the service could not edit is an
    /// error naming it and the reason, and stays pending: a later run sends it again once it changed (or with
    /// -RetryFailed). -MaximumPhotoCount stops a command that would send more photos to edits than that, before
    /// anything is created.</para>
    /// <para type="description">Project names come from the shoot: the folder's name, the photo count and a short
    /// fingerprint of the photos' names and sizes (Smith (120 photos, 3f9a2c1b7e)), and the service is asked for the
    /// name before a project is created, so a lost record, another path, machine or user account finds the project
    /// instead of billing it again. Before anything is created, every new photo is checked against the profile as
    /// Test-ImagenProfileFiles does, and photos whose results would share a name (DSC_0001.NEF and DSC_0001.CR2) are
    /// refused. An unknown -ProfileKey stops the command; a problem with one shoot is an error for that shoot and the
    /// others go on. The edit of a project starts only when all its photos are uploaded (-AllowPartialUpload allows
    /// fewer); the edit and the export are never requested twice (a request whose answer was lost is settled by the
    /// service's status). Once billed, the wait rides out outages up to -WaitTimeoutSec; a run that stops anyway says
    /// which project is billed. Each shoot ends with a one-line summary on the Information stream (6). Retries, windows,
    /// timeouts, the bandwidth cap, the throttle limit, the quiet period and the photo budget are the settings every
    /// Imagen command shares (-MaxRetryCount, -RetryDelaySec, -UploadRetryWindowSec, -WaitTimeoutSec,
    /// -MaximumBandwidth, -ThrottleLimit, -QuietPeriodSec, -MaximumPhotoCount): the parameter, else Connect-Imagen's,
    /// else the IMAGEN_* environment variable, else the default; Get-ImagenConnection shows them and -Verbose names
    /// those that are set.</para>
    /// <example><code>Get-ChildItem D:\Shoots -Directory | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult</code><para>Edits every shoot folder under D:\Shoots, each as its own shoot, and writes each XMP sidecar beside its RAW original. Run again (every night), it sends only photos added since and never bills a photo twice.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Crop -SmoothSkin | Save-ImagenResult</code><para>Edits the CR2 photos of one wedding shoot with profile 5700, cropping and smoothing skin.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Party\*.jpg | Invoke-ImagenEdit -ProfileKey 29132 -Export | Save-ImagenResult -Kind Export -Path D:\Delivery\Party</code><para>Edits JPEGs with a JPG profile, exports finished JPEGs and saves them into a delivery folder.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots -Directory | Invoke-ImagenEdit -ProfileKey 5700 -WhatIf</code><para>Says, shoot by shoot, which photos would be sent (billed), collected or exported, without sending anything.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots -Directory | Invoke-ImagenEdit -ProfileKey 5700 -Export -WaitTimeoutSec 43200 6>> D:\Logs\imagen.log | Save-ImagenResult</code><para>The nightly form: every shoot folder, every night. Photos added since the last night go to a follow-on project, nothing is billed twice, an interrupted night is continued. 6>> appends each shoot's one-line summary (the Information stream) to the log, so only the results go on to Save-ImagenResult.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots -Directory | Invoke-ImagenEdit -ProfileKey 5700 -NoWait -MaximumPhotoCount 3000</code><para>The night's run: uploads the new photos and starts the edits, then returns; a command that would send more than 3000 photos stops before anything is created. The same command without -NoWait in the morning collects the edits.</para></example>
    /// <example><code>Invoke-ImagenEdit -Path D:\Shoots\Smith -ProfileKey 5700 -RetryFailed</code><para>Sends the photos of the shoot that the service could not edit to an edit again, even though they did not change.</para></example>
    /// <example><code>Invoke-ImagenEdit -Path D:\Shoots\Smith -ProfileKey 14715 -NewProject -Force</code><para>Edits a shoot that was already edited again, with another profile, as a new (billed) project.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots -Directory | Invoke-ImagenEdit -ProfileKey 5700 -MaximumBandwidth 40</code><para>Uploads using at most 40 Mbit/s of the line, so the studio can keep working during the day.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagenEdit", DefaultParameterSetName = ProfileFileInput.PathKeySet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenEditResult))]
    public sealed class InvokeImagenEditCommand : EditOptionsCmdlet
    {
        private readonly ProfileFileInput _input = new ProfileFileInput("Shoots are edited with one profile per command");

        /// <summary>Shoot folders or photos to edit; wildcards allowed (a wildcard matches photos). Strings from the pipeline bind here.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileFileInput.PathKeySet, ValueFromPipeline = true)]
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ProfileFileInput.PathProfileSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Shoot folders or photos, taken literally. Get-ChildItem output (folders or files) binds here through its PSPath.</summary>
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

        /// <summary>The name of the shoot's first project (unique per account). Default: the folder's name, the photo count and a fingerprint of the photos, which lets the service find the project again.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ProjectName { get; set; }

        /// <summary>Also render JPEGs once the edit is done; on a shoot edited without it, exports its projects (no new edit).</summary>
        [Parameter]
        public SwitchParameter Export { get; set; }

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

        /// <summary>Edit every photo of the shoot again in a NEW project (billed again), whatever was edited before (with
        /// other settings, or photos changed since); asks for confirmation unless -Force (in a non-interactive session give -Force).</summary>
        [Parameter]
        public SwitchParameter NewProject { get; set; }

        /// <summary>Take the photos of each shoot folder's subfolders too (the module's own 'Imagen Edit' and 'Imagen Export' folders excepted).</summary>
        [Parameter]
        public SwitchParameter Recurse { get; set; }

        /// <summary>Send photos the service could not edit to an edit again (billed), even when they did not change.</summary>
        [Parameter]
        public SwitchParameter RetryFailed { get; set; }

        /// <summary>Start the edit even when some files could not be uploaded (they are left out; the service accepts
        /// no files after the edit started). Without it, the edit starts only when every file is uploaded.</summary>
        [Parameter]
        public SwitchParameter AllowPartialUpload { get; set; }

        /// <summary>The folder of the run records (default: IMAGEN_RUN_PATH, else the user's local application data,
        /// Imagen/Runs). Never needs to be the shoot folder, which may be read-only.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? RunPath { get; set; }

        private ImagenEditWorkflow? _workflow;

        /// <summary>Ctrl+C once the edit was sent: say which project is (or may be) billed and how to collect it.</summary>
        protected override string? StopNotice =>
            _workflow?.CurrentRecord is { } record && ImagenEditWorkflow.StopAdvice(record) is { } advice ? "Stopped. " + advice : null;

        protected override void ProcessRecord() => _input.Add(this, Profile, Path, LiteralPath);

        protected override void EndProcessing()
        {
            if (_input.Files.Count == 0)
            {
                // An empty pipeline (a root with no shoot folders yet) is nothing to do, as for any cmdlet; a path that
                // matched nothing was reported already.
                WriteVerbose("Nothing was created on the server: no shoot folders or photos came in.");
                return;
            }

            if (_input.HadPathProblems)
            {
                WriteVerbose("Nothing was created on the server: some of the paths given matched no file (see the errors above).");
                return;
            }

            ImagenClient client = GetTransferClient();
            var workflow = new ImagenEditWorkflow(client, PostWarning);
            _workflow = workflow;
            var request = new ImagenEditWorkflowRequest
            {
                Folders = _input.Files.Where(System.IO.Directory.Exists).ToList(),
                Files = _input.Files.Where(f => !System.IO.Directory.Exists(f)).ToList(),
                Recurse = Recurse,
                Profile = _input.Profile,
                ProfileKey = _input.Profile is null ? ProfileKey : (int?)null,
                Options = BuildEditOptions(),
                ProjectName = ProjectName,
                Export = Export,
                Wait = !NoWait,
                PollInterval = Bound(nameof(PollingIntervalSec)) ? TimeSpan.FromSeconds(PollingIntervalSec) : (TimeSpan?)null,
                NewProject = NewProject,
                RetryFailed = RetryFailed,
                AllowPartialUpload = AllowPartialUpload,
                RunStore = new ImagenRunStore(RunPath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath)),
            };

            ImagenEditPlan? plan = Prepare(workflow, request);
            WarnAboutSetAsideRecords(request.RunStore);
            if (plan is null)
            {
                return;
            }

            // Editing shoots again on purpose bills them again: confirm it once (High impact) unless -Force.
            bool whatIf = Bound("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            if (NewProject && !Force && !whatIf && plan.PhotosToBill > 0
                && !ShouldContinue($"Edit {plan.PhotosToBill} photo(s) of {plan.Shoots.Count} shoot(s) again in new projects? The edits are billed again. (Use -Force to skip this question, e.g. in a scheduled task.)", "Edit again (billed)"))
            {
                WriteVerbose("-NewProject was not confirmed: nothing was created or billed.");
                return;
            }

            foreach (ImagenShootPlan shoot in plan.Shoots)
            {
                RunShoot(workflow, plan, shoot, whatIf);
            }
        }

        /// <summary>The profile and options checked and every shoot planned; nothing created. Null when the command cannot go on.</summary>
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
                    // Terminating: the one profile of every shoot is unknown, so nothing can go on.
                    throw new TerminatingErrorException(ImagenErrorRecords.ProfileNotFound(request.ProfileKey ?? (object)"", unknown.Message));
                }
                catch (ImagenException refused) when (refused.ErrorId == ImagenErrorIds.PhotoBudgetExceeded || refused.ErrorId == ImagenErrorIds.ProjectNameForManyShoots)
                {
                    throw new TerminatingErrorException(new ErrorRecord(refused, refused.ErrorId, ErrorCategory.LimitsExceeded, null));
                }
            });
            if (plan is null)
            {
                WriteVerbose("Nothing was created on the server: fix the problems above and run the command again.");
            }
            else
            {
                int fresh = plan.Shoots.Where(s => !s.IsRefused).Sum(s => s.ToSend.Count);
                WriteVerbose($"{plan.Shoots.Count} shoot(s) planned with profile {plan.Profile.ProfileKey} '{plan.Profile.ProfileName}' ({plan.Profile.ImageType}): {fresh} new photo(s) passed the checks; {plan.PhotosToBill} photo(s) to send to edits.");
            }

            return plan;
        }

        /// <summary>One shoot: its warnings, its refusal or its run, its result down the pipeline, then its photo errors.</summary>
        private void RunShoot(ImagenEditWorkflow workflow, ImagenEditPlan plan, ImagenShootPlan shoot, bool whatIf)
        {
            foreach (string note in shoot.Notes)
            {
                WriteWarning(note);
            }

            if (shoot.Photos.Count == 0)
            {
                WriteWarning($"Shoot '{shoot.Name}' has no {plan.Profile.ImageType} photos ({shoot.Folder}); skipped, nothing was created.");
                return;
            }

            if (shoot.IsRefused)
            {
                foreach (ImagenFileProblem problem in shoot.Problems)
                {
                    WriteError(ImagenErrorRecords.FromFileProblem(problem));
                }

                if (shoot.SettingsConflict is not null)
                {
                    WriteError(ShootError(new ImagenException(shoot.SettingsConflict, ImagenErrorIds.ShootSettingsDiffer), shoot.Folder,
                        "Run it with the settings the shoot was edited with, or add -NewProject to edit it again (billed)."));
                }

                WriteVerbose($"Shoot '{shoot.Name}': nothing was created or billed.");
                return;
            }

            string target = $"shoot '{shoot.Name}' ({shoot.Photos.Count} {plan.Profile.ImageType} photos)";
            string action = shoot.Describe() + (Export ? ", export JPEGs" : string.Empty) + $" with profile {plan.Profile.ProfileKey} '{plan.Profile.ProfileName}'";
            if (!shoot.NothingToDo && !(Force && !whatIf) && !ShouldProcess(target, action))
            {
                return;
            }

            var progress = new WorkflowProgress(PostProgress, $"Imagen: shoot '{shoot.Name}'", plan.Export && plan.Wait);
            try
            {
                RunAsync(ct => RunShootAsync(workflow, plan, shoot, progress, ct));
            }
            finally
            {
                progress.CloseQuietly();
            }
        }

        private async Task RunShootAsync(ImagenEditWorkflow workflow, ImagenEditPlan plan, ImagenShootPlan shoot, WorkflowProgress progress, CancellationToken ct)
        {
            DateTime started = DateTime.UtcNow;
            ImagenEditResult result;
            try
            {
                result = await workflow.RunShootAsync(plan, shoot, progress, ct).ConfigureAwait(false);
            }
            catch (ImagenValidationException invalid)
            {
                // Photos that changed between the plan and the run (under the shoot's lock): refused as the plan would.
                foreach (ImagenFileProblem problem in invalid.Problems)
                {
                    PostError(ImagenErrorRecords.FromFileProblem(problem));
                }

                return;
            }
            catch (ImagenWorkflowException failed)
            {
                PostSummary(failed.Result, failed.Message);
                ReportUploadFailures(failed.Result);
                PostError(ShootError(failed, failed.Result.Folder, RecommendedAction(failed)));
                if (failed.Result.EditStarted)
                {
                    // The shoot was edited (or tried): its result still says what exists on the server.
                    PostObject(failed.Result);
                }

                return;
            }
            catch (ImagenException refused) when (refused.ErrorId == ImagenErrorIds.RunInProgress)
            {
                PostError(ShootError(refused, shoot.Folder, "Wait until the other run ends (Get-ImagenRun shows it), then run the command again."));
                return;
            }
            catch (Exception error) when (!(error is OperationCanceledException && ct.IsCancellationRequested))
            {
                ImagenRunRecord? run = workflow.CurrentRecord;
                PostInformation($"Imagen: shoot '{shoot.Name}', project {(run?.ProjectId is null ? "not created" : $"'{run.ProjectName}' ({run.ProjectId})")}, {(run?.Billed == true ? "billed" : "not billed")}; stopped: {error.Message}", SummaryTag);
                throw;
            }

            PostVerbose($"Shoot '{result.Shoot}': {result.PhotoSummary}; {result.SentCount} photo(s) sent to an edit now; {result.Projects.Count} project(s), in {DateTime.UtcNow - started:hh\\:mm\\:ss}.");
            PostSummary(result, null);
            ReportUploadFailures(result);

            // The result goes first, so the next command (Save-ImagenResult) saves what was edited even when a photo error
            // stops the script. A shoot with no project yet (all its photos wait) has nothing to save: its warnings say why.
            if (result.ProjectId is not null)
            {
                PostObject(result);
            }
            // A photo the service could not edit is an error of its own; a project whose whole edit failed is one error.
            // Both when the edit ended in this command: later runs say in a warning that the photos wait (see Notes).
            var failedProjects = result.Projects.Where(r => (r.State == ImagenRunState.EditFailed || r.State == ImagenRunState.ExportFailed) && result.SettledNow.Contains(r.ProjectId!)).ToList();
            foreach (ImagenPhotoFailure failure in result.PhotoFailures.Where(f => result.SettledNow.Contains(f.ProjectId) && !failedProjects.Any(r => r.ProjectId == f.ProjectId && r.State == ImagenRunState.EditFailed)))
            {
                PostError(PhotoNotEdited(failure));
            }

            foreach (ImagenRunRecord failedRun in failedProjects)
            {
                bool edit = failedRun.State == ImagenRunState.EditFailed;
                var error = new ImagenException(
                    $"The {(edit ? "edit" : "export")} of project '{failedRun.ProjectName}' ({failedRun.ProjectId}) of shoot '{result.Shoot}' failed{(edit ? $" for its {failedRun.FileCount} photo(s)" : string.Empty)}: {failedRun.LastError ?? "the service reported Failed"}",
                    edit ? ImagenErrorIds.EditFailed : ImagenErrorIds.ExportFailed);
                ErrorRecord record = ShootError(error, failedRun.ProjectId!, edit
                    ? "Its photos are sent again once they change, or with -RetryFailed (billed). If it fails again, contact your Imagen service manager with the project id."
                    : "Contact your Imagen service manager with the project id.");
                PostError(record);
            }
        }

        private const string SummaryTag = "ImagenRunSummary";

        /// <summary>The one line per shoot a redirected log keeps without -Verbose: photos, projects, billed or not, outcome.</summary>
        private void PostSummary(ImagenEditResult result, string? failure)
        {
            string outcome = failure is null
                ? (result.EditStatus is null ? "nothing sent" : "edit " + result.EditStatus) + (result.ExportRequested ? ", export " + (result.ExportStatus ?? "requested") : string.Empty)
                : "stopped: " + failure;
            string project = result.ProjectId is null ? "no project" : $"project '{result.ProjectName}' ({result.ProjectId})" + (result.Projects.Count > 1 ? $" and {result.Projects.Count - 1} earlier" : string.Empty);
            PostInformation(
                $"Imagen: shoot '{result.Shoot}': {result.PhotoSummary}; {result.SentCount} sent now{(result.Resumed ? " (continued)" : string.Empty)}; {project}; {result.BilledCount} photo(s) billed in all; {outcome}",
                SummaryTag);
        }

        private static ErrorRecord PhotoNotEdited(ImagenPhotoFailure failure)
        {
            var exception = new ImagenException($"'{failure.Name}' could not be edited by the service: {failure.Reason}", ImagenErrorIds.PhotoNotEdited);
            return new ErrorRecord(exception, ImagenErrorIds.PhotoNotEdited, ErrorCategory.InvalidResult, failure.Path)
            {
                ErrorDetails = new ErrorDetails(exception.Message)
                {
                    RecommendedAction = $"Check the photo (project {failure.ProjectId}). It stays pending: a later run sends it again once it changed on disk, or add -RetryFailed to send it again as it is (billed).",
                },
            };
        }

        private static ErrorRecord ShootError(Exception error, string folder, string? recommendedAction)
        {
            ErrorRecord record = ImagenErrorRecords.FromException(error, folder);
            record.ErrorDetails = new ErrorDetails(error.Message) { RecommendedAction = recommendedAction };
            return record;
        }

        private static string RecommendedAction(ImagenWorkflowException failed)
        {
            if (failed.Result.Billed)
            {
                return "The shoot is billed: run the same command again to collect it; nothing is billed twice.";
            }

            return "Nothing was billed. Check the files and the connection, then run the same command again: it uploads only the missing files, then edits.";
        }

        /// <summary>Records the store could not read were set aside; say so once, naming each.</summary>
        private void WarnAboutSetAsideRecords(ImagenRunStore? store)
        {
            foreach (string notice in store?.SetAside ?? Array.Empty<string>())
            {
                WriteWarning(notice);
            }
        }

        private void ReportUploadFailures(ImagenEditResult result)
        {
            foreach (ImagenUploadResult failure in result.Failures)
            {
                PostError(ImagenErrorRecordsForFiles.UploadFailed(failure, inRun: true));
            }
        }
    }
}
