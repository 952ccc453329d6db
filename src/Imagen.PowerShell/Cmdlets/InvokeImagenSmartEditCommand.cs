using System;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Smart-edits JPEGs: one Smart Editing project, upload, edit, wait (the SDKs' Smart Editing flow). Billed.</para>
    /// <para type="description">Everything piped into one call forms one project. The files are checked before
    /// anything is created: JPEGs only, at least five, unique names. Files above the multipart threshold
    /// (ImagenClientOptions.MultipartThreshold, 64 MiB) go up in parts. The edit is requested once and never sent
    /// twice; the command then waits for the project's status (-NoWait returns at once). The result carries the
    /// finished JPEGs' links and the uploaded files, so Save-ImagenResult saves the JPEGs into an 'Imagen Edit' folder
    /// beside the originals (or into -Path). A file that fails to upload is a non-terminating error naming it; when
    /// fewer than five files upload, nothing is edited or billed.</para>
    /// <example><code>Get-ChildItem D:\Listings\12_Elm_St\*.jpg | Invoke-ImagenSmartEdit | Save-ImagenResult</code><para>Edits a real-estate listing with Smart Editing (no profile) and saves the finished JPEGs beside the originals.</para></example>
    /// <example><code>Invoke-ImagenSmartEdit -Path .\*.jpg -Name 12_Elm_St -PerspectiveCorrection -SkyReplacement -SkyReplacementTemplateId 1 -Force | Save-ImagenResult -Path D:\Delivery</code><para>Edits the JPEGs of the current folder with perspective correction and a replaced sky, and saves them into a delivery folder.</para></example>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "ImagenSmartEdit", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ImagenSmartEditResult))]
    public sealed class InvokeImagenSmartEditCommand : ImagenApiCmdlet
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

        /// <summary>The project's name, unique among Smart Editing projects. Default: chosen by the server.</summary>
        [Parameter]
        [Alias("ProjectName")]
        [ValidateNotNullOrEmpty]
        public string? Name { get; set; }

        /// <summary>Merge bracketed exposures.</summary>
        [Parameter]
        public SwitchParameter HdrMerge { get; set; }

        /// <summary>Replace the sky.</summary>
        [Parameter]
        public SwitchParameter SkyReplacement { get; set; }

        /// <summary>The sky template (Get-ImagenSkyTemplate).</summary>
        [Parameter]
        public int? SkyReplacementTemplateId { get; set; }

        /// <summary>Straighten verticals.</summary>
        [Parameter]
        public SwitchParameter PerspectiveCorrection { get; set; }

        /// <summary>An https URL the service POSTs to when the edit finishes.</summary>
        [Parameter]
        public Uri? CallbackUrl { get; set; }

        /// <summary>Return once the edit has started, without waiting.</summary>
        [Parameter]
        public SwitchParameter NoWait { get; set; }

        /// <summary>Seconds before the first status check; later checks wait longer, up to 30 s. Default 5.</summary>
        [Parameter]
        [ValidateRange(0.1, 600.0)]
        public double PollingIntervalSec { get; set; }

        /// <summary>
        /// How many files (or parts of a large file) upload at once, fixed. Without it the number of files is automatic:
        /// it starts with a few, adds more while the rate grows, and backs off on 429/503, connection errors or a filled
        /// -MaximumBandwidth (-Verbose tells why); parts then go 5 at a time (each is held in memory).
        /// </summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        /// <summary>Smart Editing files larger than this go up in parts (multipart), e.g. 100MB. Default 64 MiB.</summary>
        [Parameter]
        [ValidateRange(1L, long.MaxValue)]
        public long MultipartThreshold { get; set; }

        /// <summary>Edit without asking for confirmation (-Confirm).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

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

            bool whatIf = MyInvocation.BoundParameters.ContainsKey("WhatIf") && ((SwitchParameter)MyInvocation.BoundParameters["WhatIf"]).IsPresent;
            if (!(Force && !whatIf) && !ShouldProcess($"{_files.Files.Count} JPEGs", "Smart Edit (billed)"))
            {
                return;
            }

            var options = new ImagenSmartEditOptions
            {
                HdrMerge = HdrMerge.IsPresent ? true : (bool?)null,
                SkyReplacement = SkyReplacement.IsPresent ? true : (bool?)null,
                SkyReplacementTemplateId = SkyReplacementTemplateId,
                PerspectiveCorrection = PerspectiveCorrection.IsPresent ? true : (bool?)null,
                CallbackUrl = CallbackUrl,
            };
            ImagenClient client = GetClient();
            int? throttle = MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null;
            TimeSpan? interval = MyInvocation.BoundParameters.ContainsKey(nameof(PollingIntervalSec)) ? TimeSpan.FromSeconds(PollingIntervalSec) : (TimeSpan?)null;
            var progress = new WorkflowProgress(PostProgress, $"Imagen: Smart Editing {_files.Files.Count} photos");
            ImagenSmartEditResult result;
            try
            {
                string? name = Name;
                bool wait = !NoWait;
                long? threshold = MyInvocation.BoundParameters.ContainsKey(nameof(MultipartThreshold)) ? MultipartThreshold : (long?)null;
                result = RunAsync(ct => client.RunSmartEditAsync(_files.Files, name, options,
                    new SynchronousProgress<ImagenTransferProgress>(progress.Transfer), new SynchronousProgress<ImagenJobStatus>(progress.Job),
                    throttle, interval, wait, ct, threshold));
            }
            catch (ImagenException error) when (!(error is ImagenAuthenticationException))
            {
                WriteError(ImagenErrorRecords.FromException(error, Name));
                return;
            }
            finally
            {
                progress.CloseQuietly();
            }

            foreach (ImagenUploadResult failure in result.Failures)
            {
                WriteError(ImagenErrorRecordsForFiles.UploadFailed(failure));
            }

            if (result.State == ImagenJobState.Failed)
            {
                string message = $"The Smart Edit of project {result.ProjectId} failed.";
                WriteError(new ErrorRecord(new ImagenException(message, ImagenErrorIds.SmartEditFailed), ImagenErrorIds.SmartEditFailed, ErrorCategory.InvalidResult, result.ProjectId)
                {
                    ErrorDetails = new ErrorDetails(message) { RecommendedAction = "Contact your Imagen service manager with the project id." },
                });
            }
            else if (result.State is null)
            {
                WriteError(new ErrorRecord(new ImagenException($"Only {result.Upload.Succeeded} files uploaded to project {result.ProjectId}; Smart Editing needs {ImagenClient.SmartEditMinimumImages}, so nothing was edited or billed.", ImagenErrorIds.TooFewImages),
                    ImagenErrorIds.TooFewImages, ErrorCategory.InvalidData, result.ProjectId));
            }

            WriteObject(result);
        }
    }
}
