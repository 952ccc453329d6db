using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;
using Imagen.PowerShell.Infrastructure;
using Imagen.PowerShell.Workflow;

namespace Imagen.PowerShell.Cmdlets
{
    /// <summary>
    /// <para type="synopsis">Downloads a project's results: the edit outputs (XMP sidecars), the exported JPEGs, or both.</para>
    /// <para type="description">Takes Invoke-ImagenEdit's output from the pipeline (or a -ProjectId). A shoot's result
    /// (Invoke-ImagenEdit, Get-ImagenRun) saves every project of the shoot: its first project and the follow-ons of
    /// photos added later; a project still being edited is left for a later run (said on the Information stream), and a
    /// project whose results are all on disk already, as recorded, is not asked for again. Without -Path,
    /// XMP sidecars are written next to their originals (IMG_0001.xmp beside IMG_0001.CR2, as Lightroom expects),
    /// edited DNG/JPEG files into an 'Imagen Edit' folder beside them (never over an original) and exported JPEGs
    /// into an 'Imagen Export' folder beside them. Where the originals are comes from the pipeline, or else from the
    /// run record Invoke-ImagenEdit keeps (see Get-ImagenRun), so `Save-ImagenResult -ProjectId $id` in a new session
    /// still puts the sidecars beside the originals. With -Path everything goes into that folder (created if needed;
    /// with -Kind All the exports go into its 'Imagen Export' subfolder). Each file streams to a temporary file and is
    /// renamed into place, so a failure or Ctrl+C leaves no partial file; temporaries an interrupted save left for
    /// these files are removed. A server file name that would leave the folder, or that Windows reserves or would
    /// change (CON, NUL.txt, a trailing dot), is refused (ImagenUnsafeFileName); a path too long for Windows
    /// PowerShell to write is ImagenPathTooLong. By default it saves the edit outputs, and the exports too when the
    /// project was exported.</para>
    /// <para type="description">Existing files are safe. An original photo of a project (from the pipeline or any run
    /// record) is never written, not even with -Force (ImagenOriginalProtected). A result already on disk with the
    /// same bytes counts as saved: no error, and it is not rewritten. A different file where a result belongs is left
    /// untouched; all such files are reported together in one ImagenResultsDiffer error. -Force replaces only files
    /// the run records show Imagen saved there earlier and that nobody changed since; any other file is never
    /// replaced.</para>
    /// <para type="description">Nothing lands where you did not ask: without -Path, results go only beside known
    /// originals (from the pipeline or a run record). When neither is known, as for a project edited elsewhere or
    /// links piped from Get-ImagenDownloadLink, nothing is requested or written and the error ImagenDestinationRequired
    /// asks for -Path (a scheduled task's current folder may be C:\Windows\System32). A folder the save created is
    /// removed again when it stays empty (a failure, Ctrl+C).</para>
    /// <para type="description">Links piped from Get-ImagenDownloadLink save exactly those files; the results of
    /// Invoke-ImagenSmartEdit and Complete-ImagenProject save their own links. A Copilot or enhancement result (one
    /// version of one image) is refused (ImagenNotAProjectResult): Complete-ImagenProject | Save-ImagenResult saves
    /// the final images. Piped text binds as -ProjectId only when it can be a project id (letters, digits, '-' and
    /// '_'), so a log line piped by mistake is an error before any request. -PassThru returns each saved file as
    /// Get-Item would.</para>
    /// <para type="description">Outages cost time, not results: a result whose download keeps failing (5xx, 429,
    /// dropped or silent connections, expired links) is tried again for -DownloadRetryWindowSec (5 minutes by
    /// default, or IMAGEN_DOWNLOAD_RETRY_WINDOW_SEC). A full disk, a read-only folder or access denied is not retried:
    /// the save stops at once with one ImagenLocalWriteFailed error naming the folder, how many results are saved
    /// and how many pending, and what to do; run the same command again once there is space, and it downloads only
    /// the pending results. Piped from an Invoke-ImagenEdit run that stopped at its wait deadline (or ran with
    /// -NoWait), it warns that the project is billed and still editing, and saves nothing yet.</para>
    /// <example><code>Get-ChildItem D:\Shoots\Smith\*.cr2 | Invoke-ImagenEdit -ProfileKey 5700 | Save-ImagenResult</code><para>Edits a shoot and writes each XMP sidecar beside its RAW original, as Lightroom expects.</para></example>
    /// <example><code>Save-ImagenResult -ProjectId $id -Kind Export -Path D:\Delivery\Smith -PassThru</code><para>Saves a project's exported JPEGs into a delivery folder and returns a file object for each file saved.</para></example>
    /// <example><code>Get-ImagenDownloadLink -ProjectId $id | Where-Object FileName -eq IMG_0001.xmp | Save-ImagenResult -DestinationPath D:\Redo</code><para>Saves only the one file whose link was piped in.</para></example>
    /// <example><code>Invoke-ImagenEnhancement -ProjectId $id -FileName DSC_0001.jpg -Tool hdr_boost | Complete-ImagenProject | Save-ImagenResult -Path D:\Delivery\Final</code><para>Enhances one image, then finalizes the project and saves its final (upscaled) images.</para></example>
    /// <example><code>$result | Save-ImagenResult -DownloadRetryWindowSec 1800</code><para>Keeps trying results whose download fails for up to 30 minutes from each one's first failure, e.g. over a line known to drop out.</para></example>
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
        /// The folder of the run records, bound from Invoke-ImagenEdit's and Get-ImagenRun's output: a shoot remembered in
        /// a store of its own (Invoke-ImagenEdit -RunPath) is saved from that store. Default: the user's store.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? RunPath { get; set; }

        /// <summary>One run store per folder for the whole command: each reads its records once, however many shoots come down the pipe.</summary>
        private readonly Dictionary<string, ImagenRunStore> _stores = new Dictionary<string, ImagenRunStore>(StringComparer.Ordinal);

        private ImagenRunStore Store
        {
            get
            {
                string folder = RunPath is null ? string.Empty : SessionState.Path.GetUnresolvedProviderPathFromPSPath(RunPath);
                if (!_stores.TryGetValue(folder, out var store))
                {
                    store = _stores[folder] = new ImagenRunStore(folder.Length == 0 ? null : folder);
                }

                return store;
            }
        }

        /// <summary>
        /// Links from Get-ImagenDownloadLink, usually piped (after a Where-Object): exactly these files are saved, into
        /// -Path or the current folder.
        /// </summary>
        [Parameter(ValueFromPipeline = true)]
        [ValidateNotNullOrEmpty]
        public ImagenDownloadLink[]? Link { get; set; }

        /// <summary>The folder to write into (created if needed). Default: beside the originals, when they are known.</summary>
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

        /// <summary>The shoot whose every project is saved, from Invoke-ImagenEdit's or Get-ImagenRun's output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? ShootId { get; set; }

        /// <summary>A Copilot or enhancement result piped in by mistake: refused with advice, never taken for its project.</summary>
        [Parameter(ValueFromPipeline = true, DontShow = true)]
        public ImagenEnhancement? Enhancement { get; set; }

        /// <summary>
        /// The edit's status, from Invoke-ImagenEdit's output: a run that stopped at its wait deadline (or -NoWait)
        /// passes on a billed project whose edit is still running, which has nothing to save yet.
        /// </summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string? EditStatus { get; set; }

        /// <summary>Links to save as they are, from Invoke-ImagenSmartEdit's or Complete-ImagenProject's output.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
        public ImagenDownloadLink[]? Links { get; set; }

        /// <summary>Replace existing results that differ, but only files Imagen saved there earlier (never originals or other files).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write a FileInfo for each file saved.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            _kindGiven = Bound(nameof(Kind));
        }

        protected override void ProcessRecord()
        {
            if (Enhancement is not null)
            {
                WriteError(NotAProjectResult(Enhancement));
                return;
            }

            if (_pipedLinks.Add(Link))
            {
                return;
            }

            if (!string.IsNullOrEmpty(ShootId) && (Links is null || Links.Length == 0) && LaterKind() is null && SaveShoot(GetTransferClient(), ShootId!))
            {
                return;
            }

            if (StillEditing())
            {
                // Asking for links now would only add the service's 400 to the run's own error about its deadline.
                WriteWarning($"Project {ProjectId} is billed and its edit is still running ({EditStatus ?? "not finished"}), so there is nothing to save yet. Run the same command again later: it collects the edit and saves the results without billing again.");
                return;
            }

            string projectId = ProjectId;
            SaveContext context = NewContext(projectId);
            if (!HasDestination(context))
            {
                return;
            }

            ImagenClient client = GetTransferClient();
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
                if (!HasDestination(context))
                {
                    continue;
                }

                Save(GetTransferClient(), ImagenResultDownloadPlan.ForLinks(project.Value, context.Request), context);
            }
        }

        /// <summary>
        /// Where the originals are (the pipeline, else the project's run record) and which existing files Imagen wrote
        /// (every run record's outputs), for one project.
        /// </summary>
        private SaveContext NewContext(string projectId)
        {
            IReadOnlyDictionary<string, string> piped = ImagenResultLayout.ReadOriginals(Files, value => value is PSObject wrapped ? wrapped.BaseObject : value);
            ImagenRunStore store = Store;
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

        private ImagenDownloadSummary? Save(ImagenClient client, ImagenResultDownloadPlan plan, SaveContext context)
        {
            string projectId = plan.ProjectId;
            if (plan.IsEmpty)
            {
                WriteWarning($"Project {projectId} has no results to download yet. Wait for the edit (Wait-ImagenEdit) or the export (Wait-ImagenExport) first.");
                return null;
            }

            List<ImagenResultDownload> approved = plan.Items.Where(item => ShouldProcess(item.Preview, item.Action)).ToList();
            if (approved.Count == 0)
            {
                return null;
            }

            if (context.Record is null && !plan.Items.Any(item => IsSmartEditing(item.Link)))
            {
                // A project this machine has no record of: a save-only record remembers what this save writes. Not for
                // Smart Editing: a run record describes an Invoke-ImagenEdit run, and would say "0 uploaded, not billed".
                ImagenRunRecord? record = CreateSaveRecord(context.Store, projectId, context.Piped);
                plan.Ledger = new ImagenOutputLedger(record, context.Piped.Values, context.Records);
            }

            var progress = new WorkflowProgress(PostProgress, $"Imagen: saving the results of project {projectId}");
            ImagenDownloadSummary summary;
            ImagenLocalWriteException? stopped = null;
            try
            {
                progress.Phase($"Downloading {approved.Count} files", 0);
                summary = RunAsync(async ct =>
                {
                    try
                    {
                        return await plan.DownloadAsync(client, approved, new SynchronousProgress<ImagenTransferProgress>(progress.Transfer), cancellationToken: ct).ConfigureAwait(false);
                    }
                    catch (ImagenLocalWriteException stop) when (stop.Summary is not null)
                    {
                        // A full or read-only disk: the results written count as written, the rest is one error below.
                        stopped = stop;
                        return stop.Summary;
                    }
                });
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
                else if (result.Status != ImagenDownloadStatus.Pending && !IsReportedTogether(result))
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

            if (stopped is not null)
            {
                WriteError(ImagenErrorRecordsForFiles.SaveStopped(stopped));
            }

            // One line on the Information stream, so a scheduled task's redirected log says what was saved without -Verbose.
            WriteInformation($"Save-ImagenResult: project {projectId}: {summary.Saved} of {summary.Results.Count} results on disk ({summary.Downloaded} saved now, {summary.Unchanged} already there), {summary.Skipped} left untouched, {summary.Failed} failed" + (summary.Pending > 0 ? $", {summary.Pending} pending (the save stopped)." : "."), new[] { "Imagen", "Summary" });
            return approved.Count == plan.Items.Count && stopped is null ? summary : null;
        }

        /// <summary>
        /// Saves every project of a shoot the run store knows: each edited project's results beside the originals (or
        /// into -Path), its exports once exported. A project still being edited waits for a later run; one whose
        /// results are all on disk as recorded is not asked for again. False when the store does not know the shoot
        /// (the piped ProjectId is saved instead).
        /// </summary>
        private bool SaveShoot(ImagenClient client, string shootId)
        {
            ImagenRunStore store = Store;
            IReadOnlyList<ImagenRunRecord> runs = store.RunsOf(shootId);
            if (runs.Count == 0)
            {
                return false;
            }

            foreach (ImagenRunRecord run in runs.Where(r => r.ProjectId is not null))
            {
                if (run.State < ImagenRunState.EditDone || run.State == ImagenRunState.EditFailed)
                {
                    if (run.Billed && run.State != ImagenRunState.EditFailed)
                    {
                        WriteWarning($"Project '{run.ProjectName}' ({run.ProjectId}) is billed and its edit is still running, so there is nothing to save yet. Run the same command again later: it collects the edit and saves the results without billing again.");
                    }
                    else if (run.State != ImagenRunState.EditFailed)
                    {
                        WriteInformation($"Save-ImagenResult: project '{run.ProjectName}' ({run.ProjectId}) is not edited yet ({run.State}); its results are saved by a later run of the same command.", new[] { "Imagen", "Summary" });
                    }

                    continue;
                }

                bool exported = run.State == ImagenRunState.ExportDone;
                ImagenResultSelection wanted = _kindGiven && !run.IsSmartEdit ? ToSelection(Kind) : exported ? ImagenResultSelection.All : ImagenResultSelection.Edit;
                if (IsDelivered(run, wanted) && !Force)
                {
                    WriteVerbose($"Project '{run.ProjectName}' ({run.ProjectId}): every result is on disk already, as recorded; nothing is asked for.");
                    if (PassThru)
                    {
                        foreach (ImagenRunOutput output in run.Outputs.Where(o => wanted == ImagenResultSelection.All || (o.Kind == ImagenJobKind.Export) == (wanted == ImagenResultSelection.Export)))
                        {
                            WriteObject(SavedFile(output.Path));
                        }
                    }

                    continue;
                }

                if (wanted != ImagenResultSelection.Edit && !exported)
                {
                    WriteWarning($"Project '{run.ProjectName}' ({run.ProjectId}) is not exported; only its edit results are saved. Add -Export to Invoke-ImagenEdit to export it (no new edit).");
                    wanted = ImagenResultSelection.Edit;
                }

                SaveRun(client, store, runs, run, wanted);
            }

            return true;
        }

        private void SaveRun(ImagenClient client, ImagenRunStore store, IReadOnlyList<ImagenRunRecord> runs, ImagenRunRecord run, ImagenResultSelection wanted)
        {
            string projectId = run.ProjectId!;
            var request = new ImagenResultDownloadRequest
            {
                ProjectId = projectId,
                Selection = wanted,
                DestinationFolder = Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path),
                Originals = run.Originals,
                FallbackFolder = SessionState.Path.CurrentFileSystemLocation.ProviderPath,
                Overwrite = Force,
                Ledger = new ImagenOutputLedger(run, null, runs),
            };
            ImagenResultDownloadPlan? plan = RunAsync(async ct =>
            {
                try
                {
                    // A Smart Edit's results are its finished JPEGs, listed by the Smart Editing routes.
                    return run.IsSmartEdit
                        ? ImagenResultDownloadPlan.ForLinks(await client.GetDownloadLinksAsync(projectId, ImagenJobKind.SmartEdit, ct).ConfigureAwait(false), request)
                        : await ImagenResultDownloadPlan.CreateAsync(client, request, ct).ConfigureAwait(false);
                }
                catch (ImagenException error) when (!(error is ImagenAuthenticationException))
                {
                    PostError(Errors.ImagenErrorRecords.FromException(error, projectId));
                    return null;
                }
            });
            if (plan is null)
            {
                return;
            }

            ImagenDownloadSummary? summary = Save(client, plan, new SaveContext(request, store, runs, run, new Dictionary<string, string>()));
            foreach (ImagenJobKind kind in new[] { ImagenJobKind.Edit, ImagenJobKind.Export, ImagenJobKind.SmartEdit })
            {
                List<ImagenDownloadResult> ofKind = summary?.Results.Where(r => r.Link.Kind == kind).ToList() ?? new List<ImagenDownloadResult>();
                if (ofKind.Count > 0 && ofKind.All(r => r.Status == ImagenDownloadStatus.Downloaded || r.Status == ImagenDownloadStatus.Unchanged) && request.DestinationFolder is null)
                {
                    run.Delivered(kind);
                }
            }
        }

        /// <summary>True when the record says every result asked for was saved beside the originals and each is still there, as long as it was.</summary>
        private static bool IsDelivered(ImagenRunRecord run, ImagenResultSelection wanted)
        {
            bool edit = wanted == ImagenResultSelection.Export || run.IsDelivered(run.IsSmartEdit ? ImagenJobKind.SmartEdit : ImagenJobKind.Edit);
            bool export = wanted == ImagenResultSelection.Edit || run.IsDelivered(ImagenJobKind.Export);
            return edit && export && run.Outputs.All(o => new FileInfo(o.Path) is { Exists: true } file && file.Length == o.Length);
        }

        /// <summary>
        /// True when the results have somewhere the user asked for: -Path, or originals to put them beside. Otherwise
        /// one error asks for -Path, before anything is requested or written.
        /// </summary>
        private bool HasDestination(SaveContext context)
        {
            if (context.Request.DestinationFolder is not null || context.Request.Originals is { Count: > 0 })
            {
                return true;
            }

            string projectId = context.Request.ProjectId;
            string message = $"Where to save the results of project {projectId} is not known: no run record of this machine and nothing piped in says where its originals are. Give a folder with -Path; nothing was downloaded.";
            WriteError(new ErrorRecord(new PSArgumentException(message, "Path"), WorkflowErrorIds.DestinationRequired, ErrorCategory.InvalidArgument, projectId)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"Save-ImagenResult -ProjectId {projectId} -Path <folder>" },
            });
            return false;
        }

        private static ErrorRecord NotAProjectResult(ImagenEnhancement enhancement)
        {
            string message = $"Save-ImagenResult saves a project's results, not one Copilot or enhancement version ({enhancement.FileName}, version {enhancement.VersionId ?? "unknown"}, of project {enhancement.ProjectId}). " +
                "To keep the enhanced images, finalize the project: Complete-ImagenProject | Save-ImagenResult -Path <folder> saves its final (upscaled) images. Nothing was downloaded.";
            return new ErrorRecord(new PSArgumentException(message), WorkflowErrorIds.NotAProjectResult, ErrorCategory.InvalidArgument, enhancement)
            {
                ErrorDetails = new ErrorDetails(message) { RecommendedAction = $"Complete-ImagenProject -ProjectId {enhancement.ProjectId} -Source {enhancement.Source} | Save-ImagenResult -Path <folder>" },
            };
        }

        private static bool IsSmartEditing(ImagenDownloadLink link) => link.Kind == ImagenJobKind.SmartEdit || link.Source == ImagenProjectSource.SmartEdit;

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

        /// <summary>True when the piped run result says its edit has not completed (nor failed): collected later, not now.</summary>
        private bool StillEditing() =>
            Bound(nameof(EditStatus)) && Links is not { Length: > 0 } && LaterKind() is null
            && ImagenJobStatus.Classify(EditStatus) is not (ImagenJobState.Completed or ImagenJobState.Failed);

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
