using System.Management.Automation;
using Imagen.Core;

namespace Imagen.PowerShell.Workflow
{
    /// <summary>The ErrorRecords of the workflow's per-file outcomes (uploads, downloads).</summary>
    internal static class ImagenErrorRecordsForFiles
    {
        /// <summary>One file that did not upload: named, with its reason; TargetObject is the local file.</summary>
        public static ErrorRecord UploadFailed(ImagenUploadResult failure)
        {
            string id = failure.ErrorId ?? ImagenErrorIds.UploadFailed;
            string message = $"'{failure.FileName}' was not uploaded: {failure.Error}";
            var exception = new ImagenException(message, id, failure.Exception);
            ErrorCategory category = Errors.ImagenErrorRecords.CategoryOf(id, 0);
            return new ErrorRecord(exception, id, category == ErrorCategory.NotSpecified ? ErrorCategory.WriteError : category, failure.LocalPath)
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "The other files went on. Check this file and the connection, then send it again with Send-ImagenFile.",
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
                record.ErrorDetails.RecommendedAction = "The existing file was left untouched. Use -Force to replace it, or -Path to save elsewhere.";
            }

            return record;
        }
    }
}
