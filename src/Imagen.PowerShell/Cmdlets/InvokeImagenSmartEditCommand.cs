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
    /// <example><code>Invoke-ImagenSmartEdit -Path .\*.jpg -Name 12_Elm_St -PerspectiveCorrection -SkyReplacement -SkyReplacementTemplateId 1 | Save-ImagenResult -Path D:\Delivery</code><para>Edits the JPEGs of the current folder with perspective correction and a replaced sky, and saves them into a delivery folder.</para></example>
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

        /// <summary>The project's name, unique among Smart Editing projects. Default: chosen by the server.</summary>
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
                    null, interval, wait, ct, threshold));
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
