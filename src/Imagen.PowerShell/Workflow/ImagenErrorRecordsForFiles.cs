using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>The ErrorRecords of the workflow's per-file outcomes (uploads, downloads).</summary>
    internal static class ImagenErrorRecordsForFiles
    {
        /// <summary>
        /// One file that did not upload: named, with its reason; TargetObject is the local file. Inside an
        /// Invoke-ImagenEdit run (<paramref name="inRun"/>) the one next step is the same command again, which sends
        /// only the missing files; on its own, Send-ImagenFile.
        /// </summary>
        public static ErrorRecord UploadFailed(ImagenUploadResult failure, bool inRun = false)
        {
            string id = failure.ErrorId ?? ImagenErrorIds.UploadFailed;
            string message = $"'{failure.FileName}' was not uploaded: {failure.Error}";
            var exception = new ImagenException(message, id, failure.Exception);
            ErrorCategory category = Errors.ImagenErrorRecords.CategoryOf(id, 0);
            return new ErrorRecord(exception, id, category == ErrorCategory.NotSpecified ? ErrorCategory.WriteError : category, failure.LocalPath)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = (id == ImagenErrorIds.FileChanged ? "The other files went on. Wait until nothing writes to this file any more, then " : "The other files went on. Check this file and the connection, then ")
                        + (inRun ? "run the same command again: it uploads only the files still missing." : "send it again with Send-ImagenFile."),
                },
            };
        }

        /// <summary>One output that was not written: refused name, existing file (without -Force), or failed download.</summary>
        public static ErrorRecord DownloadProblem(ImagenDownloadResult result)
        {
            string id = result.ErrorId ?? ImagenErrorIds.DownloadFailed;
            string message = result.Message ?? $"'{result.FileName}' was not downloaded.";
            var exception = new ImagenException(message, id, result.Exception);
            ErrorCategory category = Errors.ImagenErrorRecords.CategoryOf(id, 0);
            var record = new ErrorRecord(exception, id, category == ErrorCategory.NotSpecified ? ErrorCategory.ReadError : category, (object?)result.Path ?? result.FileName);
            record.ErrorDetails = new ErrorDetails(message);
            if (id == ImagenErrorIds.FileExists)
            {
                record.ErrorDetails.RecommendedAction = "The existing file was left untouched. Use -Path to save elsewhere; -Force replaces only a result Imagen saved there earlier.";
            }

            return record;
        }

        /// <summary>
        /// The one error of a save a local write error stopped (disk full, read-only, access denied): the folder,
        /// how many results are saved and pending, and what to do; TargetObject is the folder.
        /// </summary>
        public static ErrorRecord SaveStopped(ImagenLocalWriteException stop)
        {
            ErrorCategory category = stop.Problem switch
            {
                ImagenLocalWriteProblem.DiskFull => ErrorCategory.LimitsExceeded,
                ImagenLocalWriteProblem.ReadOnly or ImagenLocalWriteProblem.AccessDenied => ErrorCategory.PermissionDenied,
                _ => ErrorCategory.WriteError,
            };
            return new ErrorRecord(stop, stop.ErrorId, category, stop.Folder)
            {
                ErrorDetails = new ErrorDetails(stop.Message)
                {
                    RecommendedAction = stop.Problem == ImagenLocalWriteProblem.DiskFull
                        ? "Free space on that disk, then run the same command again."
                        : stop.IsRunRecord
                            ? "Make the run records' folder writable for this account (or move it with IMAGEN_RUN_PATH), then run the same command again."
                            : "Make the folder writable for this account (or save elsewhere with -Path), then run the same command again.",
                },
            };
        }

        /// <summary>
        /// The results that were not written because other files are where they belong (different files, or
        /// originals), all in one error: one line per file in the message, the paths as TargetObject.
        /// </summary>
        public static ErrorRecord ResultsNotWritten(string projectId, string id, IReadOnlyList<ImagenDownloadResult> results)
        {
            bool originals = id == ImagenErrorIds.OriginalProtected;
            string what = originals
                ? $"{results.Count} results of project {projectId} were not saved because their places are original photos, which are never replaced (not even with -Force)"
                : $"{results.Count} results of project {projectId} were not saved because different files already exist at their places";
            string message = what + ":" + string.Concat(results.Select(r => Environment.NewLine + "  " + (r.Message ?? r.Path ?? r.FileName)));
            var exception = new ImagenException(message, id);
            return new ErrorRecord(exception, id, ErrorCategory.ResourceExists, results.Select(r => r.Path ?? r.FileName).ToArray())
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = originals
                        ? "Save into another folder with -Path."
                        : "The existing files were left untouched. Save into another folder with -Path; -Force replaces only results Imagen saved there earlier and nobody changed since.",
                },
            };
        }
    }
}
