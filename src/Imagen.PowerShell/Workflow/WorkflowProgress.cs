using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using System.Threading;
using Imagen.Core;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>
    /// Turns Core's progress reports into Write-Progress records: one summary bar for the run and a child bar per
    /// stage (checksums, upload, edit, export, download). A bar closes as soon as its part of the work is done (every
    /// file transferred, the job finished), and all of them when the run completes; <see cref="CompleteAll"/> closes
    /// every bar still open, so none is left on screen after an error or Ctrl+C. The cmdlet's outbox throttles the
    /// records to five a second. Thread-safe: Core reports from worker threads.
    /// </summary>
    internal sealed class WorkflowProgress : IProgress<ImagenWorkflowProgress>
    {
        // Each instance gets its own block of ids: Save-ImagenResult runs while Invoke-ImagenEdit's bars are still
        // open (it receives the result inside Invoke-ImagenEdit's EndProcessing), and must not overwrite them.
        private const int IdsPerInstance = 8;
        private static int _nextSummaryId = 0x1A60 - IdsPerInstance;

        private readonly int _summaryId = Interlocked.Add(ref _nextSummaryId, IdsPerInstance);

        private readonly Action<ProgressRecord> _write;
        private readonly string _activity;
        private readonly object _gate = new object();
        private readonly List<int> _open = new List<int>();
        private string _phase = "Starting";
        private int _phasePercent;

        private readonly bool _withExport;

        // Set once Core's workflow reports stages (Invoke-ImagenEdit); a lone transfer (Save-ImagenResult) moves the
        // summary bar itself.
        private bool _hasStages;

        public WorkflowProgress(Action<ProgressRecord> write, string activity, bool withExport = false)
        {
            _write = write;
            _activity = activity;
            _withExport = withExport;
        }

        /// <summary>
        /// A report of Core's edit workflow: the summary bar moves through the stages (upload up to 40%, the edit to
        /// 75% or 95%, the export to 95%) and the stage's own bar shows the detail.
        /// </summary>
        public void Report(ImagenWorkflowProgress value)
        {
            int editEnd = _withExport ? 75 : 95;
            double fraction = (value.Transfer?.PercentComplete ?? value.Job?.Progress ?? 0) / 100.0;
            int percent = value.Stage switch
            {
                ImagenWorkflowStage.Checking => 0,
                ImagenWorkflowStage.CreatingProject => 2,
                ImagenWorkflowStage.Checksumming => 5 + (int)(5 * fraction),
                ImagenWorkflowStage.Uploading => 10 + (int)(30 * fraction),
                ImagenWorkflowStage.StartingEdit => 40,
                ImagenWorkflowStage.Editing => 40 + (int)((editEnd - 40) * fraction),
                ImagenWorkflowStage.StartingExport => 75,
                ImagenWorkflowStage.Exporting => 75 + (int)(20 * fraction),
                _ => 100,
            };
            lock (_gate)
            {
                _hasStages = true;
                if (value.Stage == ImagenWorkflowStage.Completed)
                {
                    // Nothing left to show: the result follows, and whatever it is piped into shows its own bars.
                    CompleteAll();
                    return;
                }

                CompleteChildrenExcept(StageChildIds(value.Stage));
            }

            Phase(value.Message, percent);
            if (value.Transfer is not null)
            {
                Transfer(value.Transfer);
            }

            if (value.Job is not null)
            {
                Job(value.Job);
            }
        }

        /// <summary>Moves the summary bar to a new stage ("Uploading 12 files") at an overall percentage.</summary>
        public void Phase(string description, int percent)
        {
            lock (_gate)
            {
                _phase = description;
                _phasePercent = Clamp(percent);
                Emit(_summaryId, -1, _activity, _phase, _phasePercent, null);
            }
        }

        public void Transfer(ImagenTransferProgress progress)
        {
            string verb = progress.Operation switch
            {
                "Download" => "Downloading",
                "Checksum" => "Computing checksums",
                _ => "Uploading",
            };
            int id = ChildId(progress.Operation);
            int done = progress.CompletedFiles + progress.FailedFiles;
            // Files of the whole job: a download learns each file's size only when it starts, so its bytes say how
            // far the files started so far have come, not the job.
            int percent = progress.Operation == "Download" && progress.TotalFiles > 0
                ? done * 100 / progress.TotalFiles
                : (int)progress.PercentComplete;
            // Bytes "of" a total only when the total is the job's: a download's total covers only the files started so
            // far, and "51 KB of 51 KB" at 36 of 60 files would say it was done.
            string status = progress.TotalBytesKnown
                ? string.Format(CultureInfo.CurrentCulture, "{0} of {1} files, {2} of {3}, {4}/s",
                    done, progress.TotalFiles, Bytes(progress.TransferredBytes), Bytes(progress.TotalBytes), Bytes((long)progress.BytesPerSecond))
                : string.Format(CultureInfo.CurrentCulture, "{0} of {1} files, {2}, {3}/s",
                    done, progress.TotalFiles, Bytes(progress.TransferredBytes), Bytes((long)progress.BytesPerSecond));
            if (progress.FailedFiles > 0)
            {
                status += string.Format(CultureInfo.CurrentCulture, ", {0} failed", progress.FailedFiles);
            }

            lock (_gate)
            {
                if (!_hasStages)
                {
                    _phasePercent = Clamp(percent);
                    Emit(_summaryId, -1, _activity, _phase, _phasePercent, null);
                }

                if (progress.TotalFiles > 0 && done >= progress.TotalFiles)
                {
                    // Every file is through (checksums end while the uploads go on): the bar goes.
                    Close(id);
                }
                else
                {
                    Emit(id, _summaryId, verb, status, percent, progress.CurrentFile);
                }
            }
        }

        public void Job(ImagenJobStatus status)
        {
            string activity = status.Kind == ImagenJobKind.Export ? "Exporting JPEGs" : "Editing";
            string text = status.Progress.HasValue
                ? string.Format(CultureInfo.CurrentCulture, "{0} ({1:0.#}%)", status.Status, status.Progress.Value)
                : status.Status;
            lock (_gate)
            {
                if (status.IsTerminal)
                {
                    // A finished (or failed) job's bar goes; the summary or the command's output says how it ended.
                    Close(ChildId(status.Kind.ToString()));
                }
                else
                {
                    Emit(ChildId(status.Kind.ToString()), _summaryId, activity, text, (int)(status.Progress ?? 0), null);
                }
            }
        }

        /// <summary>Writes a Completed record for every bar that was shown, children first.</summary>
        public void CompleteAll()
        {
            lock (_gate)
            {
                for (int i = _open.Count - 1; i >= 0; i--)
                {
                    int id = _open[i];
                    var record = new ProgressRecord(id, id == _summaryId ? _activity : "Done", "Done")
                    {
                        RecordType = ProgressRecordType.Completed,
                        PercentComplete = 100,
                    };
                    if (id != _summaryId)
                    {
                        record.ParentActivityId = _summaryId;
                    }

                    _write(record);
                }

                _open.Clear();
            }
        }

        /// <summary>CompleteAll from the pipeline thread after the work ended; after Ctrl+C the host clears the bars.</summary>
        public void CloseQuietly()
        {
            try
            {
                CompleteAll();
            }
            catch (PipelineStoppedException)
            {
            }
        }

        /// <summary>The child bars a workflow stage shows (checksums and uploads may run side by side).</summary>
        private int[] StageChildIds(ImagenWorkflowStage stage) => stage switch
        {
            ImagenWorkflowStage.Checksumming or ImagenWorkflowStage.Uploading => new[] { ChildId("Checksum"), ChildId("Upload") },
            ImagenWorkflowStage.StartingEdit or ImagenWorkflowStage.Editing => new[] { ChildId("Edit") },
            ImagenWorkflowStage.StartingExport or ImagenWorkflowStage.Exporting => new[] { ChildId("Export") },
            _ => Array.Empty<int>(),
        };

        /// <summary>Closes one child bar, if it is on screen.</summary>
        private void Close(int id)
        {
            if (_open.Remove(id))
            {
                _write(new ProgressRecord(id, "Done", "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100, ParentActivityId = _summaryId });
            }
        }

        /// <summary>Closes the bars of stages that have ended, so only the current stage's bars stay on screen.</summary>
        private void CompleteChildrenExcept(int[] keep)
        {
            for (int i = _open.Count - 1; i >= 0; i--)
            {
                int id = _open[i];
                if (id != _summaryId && Array.IndexOf(keep, id) < 0)
                {
                    _write(new ProgressRecord(id, "Done", "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100, ParentActivityId = _summaryId });
                    _open.RemoveAt(i);
                }
            }
        }

        private int ChildId(string operation) => operation switch
        {
            "Checksum" => _summaryId + 1,
            "Upload" => _summaryId + 2,
            "Edit" => _summaryId + 3,
            "Export" => _summaryId + 4,
            "Download" => _summaryId + 5,
            _ => _summaryId + 6,
        };

        private void Emit(int id, int parentId, string activity, string status, int percent, string? currentOperation)
        {
            if (!_open.Contains(id))
            {
                if (parentId >= 0 && !_open.Contains(parentId))
                {
                    // A child needs its parent on screen first.
                    Emit(parentId, -1, _activity, _phase, _phasePercent, null);
                }

                _open.Add(id);
            }

            var record = new ProgressRecord(id, activity, string.IsNullOrEmpty(status) ? activity : status)
            {
                PercentComplete = Clamp(percent),
                ParentActivityId = parentId,
            };
            if (!string.IsNullOrEmpty(currentOperation))
            {
                record.CurrentOperation = currentOperation;
            }

            _write(record);
        }

        private static int Clamp(int percent) => percent < 0 ? 0 : percent > 100 ? 100 : percent;

        private static string Bytes(long bytes) => ImagenFormat.Bytes(bytes, CultureInfo.CurrentCulture);
    }
}
