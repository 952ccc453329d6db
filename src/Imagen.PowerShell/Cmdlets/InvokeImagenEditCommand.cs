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
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING -Crop -SmoothSkin | Save-ImagenResult</code><para>Edits a wedding shoot with profile 5700, cropping and smoothing skin, and writes an XMP sidecar beside each RAW file.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Party\*.jpg | Invoke-ImagenEdit -ProfileKey 29132 -Export | Save-ImagenResult -Kind Export -Path D:\Delivery\Party</code><para>Edits JPEGs with a JPG profile, exports finished JPEGs and saves them into a delivery folder.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 -WhatIf</code><para>Checks every file against the profile and says what would be created and billed, without sending anything.</para></example>
    /// <example><code>Invoke-ImagenEdit -Path D:\Shoots\Smith\*.cr2 -ProfileKey 5700 -NoWait -ProjectName Smith_Wedding</code><para>Uploads the shoot and starts the edit, then returns at once; Wait-ImagenEdit or Get-ImagenEditStatus follows it later.</para></example>
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

        /// <summary>How many files upload at once (default: the client's, 5).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>Start the edit and return at once (with -Export the service exports by itself when done).</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Seconds before the first status check; later checks wait longer, up to 30 s. Default 5.</summary>
        [Parameter]
        [ValidateRange(0.1, 600.0)]
        public double PollingIntervalSec { get; set; }

        /// <summary>Edit without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

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
            ImagenClient client = GetClient();
            var workflow = new ImagenEditWorkflow(client);
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
                ReportUploadFailures(failed.Result);
                var record = ImagenErrorRecords.FromException(failed, failed.Result.ProjectId);
                record.ErrorDetails = new ErrorDetails(failed.Message)
                {
                    RecommendedAction = failed.ErrorId == ImagenErrorIds.AllUploadsFailed
                        ? "Nothing was billed. Check the files and the connection, then run the command again."
                        : "Contact your Imagen service manager with the project id.",
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

            ReportUploadFailures(result);
            PostVerbose($"Project '{result.ProjectName}' ({result.ProjectId}): {result.UploadedCount} of {result.FileCount} files uploaded, edit {result.EditStatus}"
                + (result.ExportRequested ? ", export " + (result.ExportStatus ?? "requested") : string.Empty)
                + $", in {DateTime.UtcNow - started:hh\\:mm\\:ss}.");
            PostObject(result);
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
