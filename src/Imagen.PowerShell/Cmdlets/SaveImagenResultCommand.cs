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
    /// into an 'Imagen Export' folder beside them. Where the originals are comes from the pipeline, or else from the
    /// run record Invoke-ImagenEdit keeps (see Get-ImagenRun), so `Save-ImagenResult -ProjectId $id` in a new session
    /// still puts the sidecars beside the originals. With -Path everything goes into that folder (created if needed;
    /// with -Kind All the exports go into its 'Imagen Export' subfolder). Each file streams to a temporary file and is
    /// renamed into place, so a failure or Ctrl+C leaves no partial file; temporaries an interrupted save left for
    /// these files are removed. A server file name that would leave the folder is refused (ImagenUnsafeFileName). By
    /// default it saves the edit outputs, and the exports too when the project was exported.</para>
    /// <para type="description">Existing files are safe. An original photo of a project (from the pipeline or any run
    /// record) is never written, not even with -Force (ImagenOriginalProtected). A result already on disk with the
    /// same bytes counts as saved: no error, and it is not rewritten. A different file where a result belongs is left
    /// untouched; all such files are reported together in one ImagenResultsDiffer error. -Force replaces only files
    /// the run records show Imagen saved there earlier and that nobody changed since; any other file is never
    /// replaced. Without -Path and with no known originals (no pipeline input and no run record for the project),
    /// results would go to the current folder; when it holds photos (RAW or JPEG) with the results' base names, such
    /// as IMG_0001.CR2 for IMG_0001.xmp, it is taken for the originals' folder and nothing is saved
    /// (ImagenOriginalsFolder): give -Path.</para>
    /// <para type="description">Links piped from Get-ImagenDownloadLink save exactly those files (into -Path or the
    /// current folder); the results of Invoke-ImagenSmartEdit and Complete-ImagenProject save their own links.
    /// -PassThru returns each saved file as Get-Item would.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult</code><para>Edits a shoot and writes each XMP sidecar beside its RAW original, as Lightroom expects.</para></example>
    /// <example><code>Save-ImagenResult -ProjectId $id -Kind Export -Path D:\Delivery\Smith -PassThru</code><para>Saves a project's exported JPEGs into a delivery folder and returns a file object for each file saved.</para></example>
    /// <example><code>Get-ImagenDownloadLink -ProjectId $id | Where-Object FileName -eq IMG_0001.xmp | Save-ImagenResult -DestinationPath D:\Redo</code><para>Saves only the one file whose link was piped in.</para></example>
    /// <example><code>$result | Save-ImagenResult -Force</code><para>Downloads the results again and replaces the files a previous save wrote and nobody changed since; originals and other files are never replaced.</para></example>
    /// </summary>
    [Cmdlet(VerbsData.Save, "ImagenResult", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(FileInfo))]
    public sealed class SaveImagenResultCommand : ProjectCmdlet
    {
        private readonly PipedDownloadLinks _pipedLinks = new PipedDownloadLinks();

        /// <summary>
        /// Edit, Export, All, SmartEdit or Final. Default: Edit, plus Export when the project's export has completed. A
        /// status piped from Wait-ImagenExport saves the exports; one from Wait-ImagenEdit leaves the default.
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

        /// <summary>Links to save as they are, from Invoke-ImagenSmartEdit's or Complete-ImagenProject's output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public ImagenDownloadLink[]? Links { get; set; }

        /// <summary>Replace existing results that differ, but only files Imagen saved there earlier (never originals or other files).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write a FileInfo for each file saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>
        /// How many files download at once, fixed. Without it the number is automatic: it starts with a few, adds more
        /// while the rate grows, and backs off on 429/503, connection errors or a filled -MaximumBandwidth (-Verbose tells
        /// why).
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

            ImagenClient client = GetTransferClient(Bound(nameof(MaximumBandwidth)) ? MaximumBandwidth : (double?)null);
            string projectId = ProjectId;
            SaveContext context = NewContext(projectId);
            ImagenResultDownloadPlan? plan = RunAsync(async ct =>
            {
                try
                {
                    if (Links is { Length: > 0 } links)
                    {
                        return ImagenResultDownloadPlan.ForLinks(links, context.Request);
                    }

                    if (LaterKind() is ImagenJobKind later)
                    {
                        return ImagenResultDownloadPlan.ForLinks(await client.GetDownloadLinksAsync(projectId, later, ct).ConfigureAwait(false), context.Request);
                    }

                    return await ImagenResultDownloadPlan.CreateAsync(client, context.Request, ct).ConfigureAwait(false);
                }
                catch (ImagenException error) when (!(error is ImagenAuthenticationException))
                {
                    PostError(Errors.ImagenErrorRecords.FromException(error, projectId));
                    return null;
                }
            });
            if (plan is not null)
            {
                Save(client, plan, context);
            }
        }

        /// <summary>Links piped in are saved together at the end, one plan per project.</summary>
        protected override void EndProcessing()
        {
            foreach (KeyValuePair<string, List<ImagenDownloadLink>> project in _pipedLinks.ByProject())
            {
                SaveContext context = NewContext(project.Key);
                Save(GetTransferClient(Bound(nameof(MaximumBandwidth)) ? MaximumBandwidth : (double?)null), ImagenResultDownloadPlan.ForLinks(project.Value, context.Request), context);
            }
        }

        /// <summary>
        /// Where the originals are (the pipeline, else the project's run record) and which existing files Imagen wrote
        /// (every run record's outputs), for one project.
        /// </summary>
        private SaveContext NewContext(string projectId)
        {
            IReadOnlyDictionary<string, string> piped = ImagenResultLayout.ReadOriginals(Files, value => value is PSObject wrapped ? wrapped.BaseObject : value);
            var store = new ImagenRunStore();
            IReadOnlyList<ImagenRunRecord> records = ReadRunRecords(store);
            ImagenRunRecord? record = records.FirstOrDefault(r => string.Equals(r.ProjectId, projectId, StringComparison.Ordinal));
            var request = new ImagenResultDownloadRequest
            {
                ProjectId = projectId,
                Selection = SelectionAsked(),
                ExportStatus = ExportStatus,
                DestinationFolder = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
                Originals = piped.Count > 0 ? piped : record?.Originals,
                FallbackFolder = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                Overwrite = Force,
                Ledger = new ImagenOutputLedger(record, piped.Values, records),
            };
            return new SaveContext(request, store, records, record, piped);
        }

        private void Save(ImagenClient client, ImagenResultDownloadPlan plan, SaveContext context)
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

            if (context.Record is null)
            {
                // A project this machine has no record of: a save-only record remembers what this save writes.
                ImagenRunRecord? record = CreateSaveRecord(context.Store, projectId, context.Piped);
                plan.Ledger = new ImagenOutputLedger(record, context.Piped.Values, context.Records);
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
                if (result.Status == ImagenDownloadStatus.Downloaded || result.Status == ImagenDownloadStatus.Unchanged)
                {
                    if (result.Status == ImagenDownloadStatus.Unchanged)
                    {
                        WriteVerbose(result.Message);
                    }

                    if (PassThru)
                    {
                        WriteObject(SavedFile(result.Path!));
                    }
                }
                else if (!IsReportedTogether(result))
                {
                    WriteError(ImagenErrorRecordsForFiles.DownloadProblem(result));
                }
            }

            // Files left untouched are one problem however many there are: one error lists them all.
            List<ImagenDownloadResult> differing = summary.Results.Where(r => r.Status == ImagenDownloadStatus.Skipped).ToList();
            if (differing.Count > 0)
            {
                WriteError(ImagenErrorRecordsForFiles.ResultsNotWritten(projectId, ImagenErrorIds.ResultsDiffer, differing));
            }

            List<ImagenDownloadResult> originals = summary.Results.Where(r => r.ErrorId == ImagenErrorIds.OriginalProtected).ToList();
            if (originals.Count > 0)
            {
                WriteError(ImagenErrorRecordsForFiles.ResultsNotWritten(projectId, ImagenErrorIds.OriginalProtected, originals));
            }

            // One line on the Information stream, so a scheduled task's redirected log says what was saved without -Verbose.
            WriteInformation($"Save-ImagenResult: project {projectId}: {summary.Saved} of {summary.Results.Count} results on disk ({summary.Downloaded} saved now, {summary.Unchanged} already there), {summary.Skipped} left untouched, {summary.Failed} failed.", new[] { "Imagen", "Summary" });
        }

        private static bool IsReportedTogether(ImagenDownloadResult result) =>
            result.Status == ImagenDownloadStatus.Skipped || result.ErrorId == ImagenErrorIds.OriginalProtected;

        /// <summary>The run records, or none (with a warning) when the store cannot be read: saving goes on, more cautiously.</summary>
        private IReadOnlyList<ImagenRunRecord> ReadRunRecords(ImagenRunStore store)
        {
            try
            {
                return store.List();
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                WriteWarning($"The run records in '{store.Directory}' could not be read ({error.Message}); existing files are treated as not written by Imagen.");
                return Array.Empty<ImagenRunRecord>();
            }
        }

        private ImagenRunRecord? CreateSaveRecord(ImagenRunStore store, string projectId, IReadOnlyDictionary<string, string> originals)
        {
            try
            {
                return store.ForProject(projectId, originals);
            }
            catch (Exception error) when (error is IOException || error is UnauthorizedAccessException)
            {
                WriteWarning($"No run record could be written in '{store.Directory}' ({error.Message}); the files saved now will not be known as Imagen's to a later -Force.");
                return null;
            }
        }

        /// <summary>The Smart Editing and finalize results, which the plan's Edit/Export selection does not cover.</summary>
        private ImagenJobKind? LaterKind() =>
            !Bound(nameof(Kind)) ? null : Kind == ImagenResultKind.SmartEdit ? ImagenJobKind.SmartEdit : Kind == ImagenResultKind.Final ? ImagenJobKind.Final : (ImagenJobKind?)null;

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

        /// <summary>One project's save: the request, and the run records that say where originals are and what Imagen wrote.</summary>
        private sealed class SaveContext
        {
            public SaveContext(ImagenResultDownloadRequest request, ImagenRunStore store, IReadOnlyList<ImagenRunRecord> records, ImagenRunRecord? record, IReadOnlyDictionary<string, string> piped)
            {
                Request = request;
                Store = store;
                Records = records;
                Record = record;
                Piped = piped;
            }

            public ImagenResultDownloadRequest Request { get; }

            public ImagenRunStore Store { get; }

            public IReadOnlyList<ImagenRunRecord> Records { get; }

            public ImagenRunRecord? Record { get; }

            public IReadOnlyDictionary<string, string> Piped { get; }
        }
    }
}
