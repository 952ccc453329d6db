using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Downloads a project's results: the edit outputs (XMP sidecars), the exported JPEGs, or both.</para>
    /// <para type="description">Takes Invoke-ImagenEdit's output from the pipeline (or a -ProjectId). Without -Path,
    /// XMP sidecars are written next to their originals (IMG_0001.xmp beside IMG_0001.CR2, as Lightroom expects),
    /// edited DNG/JPEG files into an 'Imagen Edit' folder beside them (never over an original) and exported JPEGs
    /// into an 'Imagen Export' folder beside them. With -Path everything goes into that folder (created if needed;
    /// with -Kind All the exports go into its 'Imagen Export' subfolder). Existing files are left untouched and
    /// reported (ImagenFileExists) unless -Force. Each file streams to a temporary file and is renamed into place,
    /// so a failure or Ctrl+C leaves no partial file; a server file name that would leave the folder is refused
    /// (ImagenUnsafeFileName). By default it saves the edit outputs, and the exports too when the project was
    /// exported. Links piped from Get-ImagenDownloadLink save exactly those files (into -Path or the current folder).
    /// -PassThru returns each saved file as Get-Item would.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult</code><para>Edits a shoot and writes each XMP sidecar beside its RAW original, as Lightroom expects.</para></example>
    /// <example><code>Save-ImagenResult -ProjectId $id -Kind Export -Path D:\Delivery\Smith -PassThru</code><para>Saves a project's exported JPEGs into a delivery folder and returns a file object for each file saved.</para></example>
    /// <example><code>Get-ImagenDownloadLink -ProjectId $id | Where-Object FileName -eq IMG_0001.xmp | Save-ImagenResult -DestinationPath D:\Redo</code><para>Saves only the one file whose link was piped in.</para></example>
    /// <example><code>$result | Save-ImagenResult -Force</code><para>Downloads the results again and replaces the files a previous run saved (without -Force existing files are kept and reported).</para></example>
    /// </summary>
    [Cmdlet(VerbsData.Save, "ImagenResult", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveImagenResultCommand : ProjectCmdlet
    {
        private readonly PipedDownloadLinks _pipedLinks = new PipedDownloadLinks();

        /// <summary>
        /// Edit, Export or All. Default: Edit, plus Export when the project's export has completed. A status piped from
        /// Wait-ImagenExport saves the exports; one from Wait-ImagenEdit leaves the default.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public ImagenResultKind Kind { get; set; }

        // -Kind typed on the command line, as opposed to a Kind property of piped objects.
        private bool _kindGiven;

        /// <summary>
        /// Links from Get-ImagenDownloadLink, usually piped (after a Where-Object): exactly these files are saved, into
        /// -Path or the current folder.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public ImagenDownloadLink[]? Link { get; set; }

        /// <summary>The folder to write into (created if needed). Default: beside the originals.</summary>
        [Parameter(Position = 1)]
        [Alias("Destination", "DestinationPath")]
        [ValidateNotNullOrEmpty]
        public string? Path { get; set; }

        /// <summary>Uploaded name -> local path, from Invoke-ImagenEdit's output: where the originals are.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("UploadedFiles")]
        public IDictionary? Files { get; set; }

        /// <summary>The export's status, from Invoke-ImagenEdit's output (saves a status call).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? ExportStatus { get; set; }

        /// <summary>Replace existing files.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write a FileInfo for each file saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>How many files download at once (default 5).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _kindGiven = Bound(nameof(Kind));
        }

        protected override void ProcessRecord()
        {
            if (_pipedLinks.Add(Link))
            {
                return;
            }

            ImagenClient client = GetClient();
            string projectId = ProjectId;
            ImagenResultDownloadRequest request = NewRequest(projectId);

            ImagenResultDownloadPlan? plan = RunAsync(async ct =>
            {
                try
                {
                    return await ImagenResultDownloadPlan.CreateAsync(client, request, ct).ConfigureAwait(false);
                }
                catch (ImagenException error) when (!(error is ImagenAuthenticationException))
                {
                    PostError(Errors.ImagenErrorRecords.FromException(error, projectId));
                    return null;
                }
            });
            if (plan is not null)
            {
                Save(client, plan);
            }
        }

        /// <summary>Links piped in are saved together at the end, one plan per project.</summary>
        protected override void EndProcessing()
        {
            foreach (KeyValuePair<string, List<ImagenDownloadLink>> project in _pipedLinks.ByProject())
            {
                Save(GetClient(), ImagenResultDownloadPlan.ForLinks(project.Value, NewRequest(project.Key)));
            }
        }

        private ImagenResultDownloadRequest NewRequest(string projectId) =>
            new ImagenResultDownloadRequest
            {
                ProjectId = projectId,
                Selection = SelectionAsked(),
                ExportStatus = ExportStatus,
                DestinationFolder = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
                Originals = ImagenResultLayout.ReadOriginals(Files, value => value is PSObject wrapped ? wrapped.BaseObject : value),
                FallbackFolder = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                Overwrite = Force,
            };

        private void Save(ImagenClient client, ImagenResultDownloadPlan plan)
        {
            string projectId = plan.ProjectId;
            if (plan.IsEmpty)
            {
                WriteWarning($"Project {projectId} has no results to download yet. Wait for the edit (Wait-ImagenEdit) or the export (Wait-ImagenExport) first.");
                return;
            }

            List<ImagenResultDownload> approved = plan.Items.Where(item => ShouldProcess(item.Preview, item.Action)).ToList();
            if (approved.Count == 0)
            {
                return;
            }

            int? throttle = Bound(nameof(ThrottleLimit)) ? ThrottleLimit : (int?)null;
            var progress = new WorkflowProgress(PostProgress, $"Imagen: saving the results of project {projectId}");
            ImagenDownloadSummary summary;
            try
            {
                progress.Phase($"Downloading {approved.Count} files", 0);
                summary = RunAsync(ct => plan.DownloadAsync(client, approved, new SynchronousProgress<ImagenTransferProgress>(progress.Transfer), throttle, ct));
            }
            finally
            {
                progress.CloseQuietly();
            }

            foreach (ImagenDownloadResult result in summary.Results)
            {
                if (result.Status == ImagenDownloadStatus.Downloaded)
                {
                    if (PassThru)
                    {
                        WriteObject(SavedFile(result.Path!));
                    }
                }
                else
                {
                    WriteError(ImagenErrorRecordsForFiles.DownloadProblem(result));
                }
            }

            WriteVerbose($"Project {projectId}: {summary.Downloaded} files saved, {summary.Skipped} left untouched, {summary.Failed} failed.");
        }

        /// <summary>
        /// The saved file as Get-Item gives it: a FileInfo with PSPath, PSParentPath, PSProvider..., so the default
        /// view (Mode, UnixMode, User, Group, Size) and the next command (Copy-Item, Get-FileHash) see a file item.
        /// </summary>
        private PSObject SavedFile(string path) =>
            InvokeProvider.Item.Get(new[] { path }, force: true, literalPath: true).Single();

        /// <summary>
        /// What -Kind asks for. A Kind bound from a piped status (Wait-ImagenEdit's "Edit") must not narrow the
        /// default, which already includes the exports when there are any; an export's status asks for the exports.
        /// </summary>
        private ImagenResultSelection? SelectionAsked()
        {
            if (_kindGiven)
            {
                return ToSelection(Kind);
            }

            return Bound(nameof(Kind)) && Kind == ImagenResultKind.Export ? ImagenResultSelection.Export : (ImagenResultSelection?)null;
        }

        private static ImagenResultSelection ToSelection(ImagenResultKind kind) => kind switch
        {
            ImagenResultKind.Export => ImagenResultSelection.Export,
            ImagenResultKind.All => ImagenResultSelection.All,
            _ => ImagenResultSelection.Edit,
        };
    }
}
