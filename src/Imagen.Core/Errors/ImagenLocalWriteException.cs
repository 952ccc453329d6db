using System;
using System.IO;

namespace Imagen.Core
{
    /// <summary>
    /// A local file could not be written: a full disk, a read-only folder, access denied. Unlike a network failure
    /// it does not pass by itself, so it is never retried: the save stops at once, and the one error says where,
    /// how far the save got (<see cref="Summary"/>) and what to do.
    /// </summary>
    public sealed class ImagenLocalWriteException : ImagenException
    {
        internal ImagenLocalWriteException(string folder, Exception cause, bool runRecord = false)
            : base(Describe(folder, cause, runRecord), ImagenErrorIds.LocalWriteFailed, cause)
        {
            Folder = folder;
            Problem = Classify(cause);
            IsRunRecord = runRecord;
        }

        private ImagenLocalWriteException(ImagenLocalWriteException first, ImagenDownloadSummary summary, string? projectId)
            : base(first.Message + " " + Progress(summary, projectId) + " " + Advice(first.Problem, first.IsRunRecord), ImagenErrorIds.LocalWriteFailed, first.InnerException)
        {
            Folder = first.Folder;
            Problem = first.Problem;
            IsRunRecord = first.IsRunRecord;
            Summary = summary;
        }

        /// <summary>The folder that could not be written.</summary>
        public string Folder { get; }

        public ImagenLocalWriteProblem Problem { get; }

        /// <summary>True when it was the run record (in the run store) that could not be written, not a result.</summary>
        public bool IsRunRecord { get; }

        /// <summary>For a stopped save: every result, those written (Downloaded, Unchanged) and those still Pending.</summary>
        public ImagenDownloadSummary? Summary { get; }

        /// <summary>True for the exceptions a local file write throws (as opposed to a network failure or a bug).</summary>
        internal static bool IsLocalWriteFailure(Exception ex) => ex is IOException || ex is UnauthorizedAccessException;

        /// <summary>The error that ends a save this write failure stopped: the cause, how far it got, what to do.</summary>
        internal ImagenLocalWriteException StoppedSave(ImagenDownloadSummary summary, string? projectId) => new ImagenLocalWriteException(this, summary, projectId);

        private static string Describe(string folder, Exception cause, bool runRecord)
        {
            var where = runRecord ? $"Could not write the run record in '{folder}'" : $"Could not write to '{folder}'";
            switch (Classify(cause))
            {
                case ImagenLocalWriteProblem.DiskFull:
                    return $"{where}: the disk is full ({ImagenFormat.Sentence(cause.Message).TrimEnd('.')}).";
                case ImagenLocalWriteProblem.ReadOnly:
                    return $"{where}: the folder is read-only ({ImagenFormat.Sentence(cause.Message).TrimEnd('.')}).";
                case ImagenLocalWriteProblem.AccessDenied:
                    return $"{where}: access is denied ({ImagenFormat.Sentence(cause.Message).TrimEnd('.')}).";
                default:
                    return $"{where}: {ImagenFormat.Sentence(cause.Message)}";
            }
        }

        private static string Progress(ImagenDownloadSummary summary, string? projectId) =>
            $"The save{(projectId == null ? string.Empty : " of project " + projectId)} stopped: {summary.Saved} of {summary.Results.Count} results are saved, {summary.Pending} pending"
            + (summary.Failed > 0 ? $", {summary.Failed} failed." : ".");

        private static string Advice(ImagenLocalWriteProblem problem, bool runRecord)
        {
            const string Again = "then run the same command again: the results saved are kept and only the others are downloaded.";
            switch (problem)
            {
                case ImagenLocalWriteProblem.DiskFull:
                    return "Free space on that disk, " + Again;
                case ImagenLocalWriteProblem.ReadOnly:
                    return "Make the folder writable" + (runRecord ? ", " : " (or save elsewhere with -Path), ") + Again;
                case ImagenLocalWriteProblem.AccessDenied:
                    return "Give this account write access to the folder" + (runRecord ? ", " : " (or save elsewhere with -Path), ") + Again;
                default:
                    return "Fix that, " + Again;
            }
        }

        /// <summary>
        /// The cause from the system's error code: errno on Linux and macOS (as .NET reports it in HResult), the
        /// Win32 code in the low word on Windows. Access denied arrives as UnauthorizedAccessException on both.
        /// </summary>
        internal static ImagenLocalWriteProblem Classify(Exception cause)
        {
            if (cause is UnauthorizedAccessException)
            {
                return ImagenLocalWriteProblem.AccessDenied;
            }

            if (Path.DirectorySeparatorChar == '\\')
            {
                switch (cause.HResult & 0xFFFF)
                {
                    case 0x70: // ERROR_DISK_FULL
                    case 0x27: // ERROR_HANDLE_DISK_FULL
                        return ImagenLocalWriteProblem.DiskFull;
                    case 0x13: // ERROR_WRITE_PROTECT
                        return ImagenLocalWriteProblem.ReadOnly;
                    case 0x05: // ERROR_ACCESS_DENIED
                        return ImagenLocalWriteProblem.AccessDenied;
                    default:
                        return ImagenLocalWriteProblem.Other;
                }
            }

            switch (cause.HResult)
            {
                case 28: // ENOSPC
                case 122: // EDQUOT (Linux)
                case 69: // EDQUOT (macOS)
                    return ImagenLocalWriteProblem.DiskFull;
                case 30: // EROFS
                    return ImagenLocalWriteProblem.ReadOnly;
                case 13: // EACCES
                case 1: // EPERM
                    return ImagenLocalWriteProblem.AccessDenied;
                default:
                    return ImagenLocalWriteProblem.Other;
            }
        }
    }
}
