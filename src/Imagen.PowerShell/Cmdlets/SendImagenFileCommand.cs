using System;
using System.Collections.Generic;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Errors;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Uploads photos to an Imagen project (the SDK's upload_images).</para>
    /// <para type="description">Files come as Test-ImagenProfileFiles takes them; all files of one call go to the
    /// project in one batch: concurrently, streamed from disk, with Content-MD5 integrity. Missing, unsupported,
    /// mixed RAW/JPEG and duplicate names are refused before anything is sent. A file that fails to upload is a
    /// non-terminating error naming it; the others go on. Returns the upload summary (ProjectId, UploadedFiles,
    /// Failures), which Start-ImagenEdit and Save-ImagenResult take from the pipeline.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Send-ImagenFile -ProjectId $project.ProjectId</code><para>Uploads a shoot into an existing project, several files at once.</para></example>
    /// <example><code>Send-ImagenFile -ProjectId $id -Path *.cr2 | Start-ImagenEdit -ProfileKey 5700 -PhotographyType WEDDING | Wait-ImagenEdit</code><para>Uploads the RAW files of the current folder, then starts the edit and waits for it.</para></example>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Send-ImagenFile -ProjectId $project.ProjectId -MaximumBandwidth 40</code><para>Uploads a shoot using at most 40 Mbit/s of the line, so the studio can keep working.</para></example>
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "ImagenFile", DefaultParameterSetName = PathSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(ImagenUploadSummary))]
    public sealed class SendImagenFileCommand : ImagenApiCmdlet
    {
        private const string PathSet = "Path";
        private const string LiteralSet = "LiteralPath";

        private readonly Dictionary<string, PipedFiles> _byProject = new Dictionary<string, PipedFiles>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();

        /// <summary>The project to upload to.</summary>
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ProjectUuid")]
        [ValidateNotNullOrEmpty]
        public string ProjectId { get; set; } = string.Empty;

        /// <summary>Photos to upload; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = new string[0];

        /// <summary>Photos to upload, taken literally. Get-ChildItem output binds here through its PSPath.</summary>
        [Parameter(Mandatory = true, ParameterSetName = LiteralSet, ValueFromPipelineByPropertyName = true)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[] LiteralPath { get; set; } = new string[0];

        /// <summary>The project is a Smart Editing project: JPEGs only; files above the multipart threshold go up in parts.</summary>
        [Parameter]
        public SwitchParameter SmartEdit { get; set; }

        /// <summary>Smart Editing files larger than this go up in parts (multipart), e.g. 100MB. Default 64 MiB.</summary>
        [Parameter]
        [ValidateRange(1L, long.MaxValue)]
        public long MultipartThreshold { get; set; }

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

        protected override void ProcessRecord()
        {
            if (!_byProject.TryGetValue(ProjectId, out PipedFiles? files))
            {
                files = new PipedFiles();
                _byProject[ProjectId] = files;
                _order.Add(ProjectId);
            }

            bool literal = ParameterSetName == LiteralSet;
            files.Add(this, literal ? LiteralPath : Path, literal);
        }

        protected override void EndProcessing()
        {
            foreach (string projectId in _order)
            {
                Upload(projectId, _byProject[projectId]);
            }
        }

        private void Upload(string projectId, PipedFiles files)
        {
            ProfileFileValidation validation = ProfileFileValidator.Validate(files.Files, profileImageType: SmartEdit ? "JPG" : null);
            foreach (ImagenFileProblem problem in validation.Problems)
            {
                WriteError(ImagenErrorRecords.FromFileProblem(problem));
            }

            if (!validation.IsValid || files.HadPathProblems)
            {
                WriteVerbose($"Nothing was uploaded to project {projectId}: fix the problems above and run the command again.");
                return;
            }

            if (!ShouldProcess($"project {projectId}", $"Upload {files.Files.Count} files"))
            {
                return;
            }

            ImagenClient client = GetTransferClient(MyInvocation.BoundParameters.ContainsKey(nameof(MaximumBandwidth)) ? MaximumBandwidth : (double?)null);
            int? throttle = MyInvocation.BoundParameters.ContainsKey(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null;
            long? threshold = MyInvocation.BoundParameters.ContainsKey(nameof(MultipartThreshold)) ? MultipartThreshold : (long?)null;
            var progress = new WorkflowProgress(PostProgress, $"Imagen: uploading to project {projectId}");
            try
            {
                ImagenUploadSummary summary = RunAsync(ct => client.UploadFilesAsync(projectId, files.Files, new SynchronousProgress<ImagenTransferProgress>(progress.Transfer), throttle, ct, SmartEdit ? ImagenProjectSource.SmartEdit : ImagenProjectSource.Regular, threshold));
                foreach (ImagenUploadResult failure in summary.Failures)
                {
                    WriteError(ImagenErrorRecordsForFiles.UploadFailed(failure));
                }

                WriteObject(summary);
            }
            finally
            {
                progress.CloseQuietly();
            }
        }
    }
}
