using System;

namespace Imagen.Core
{
    /// <summary>
    /// A snapshot of a batch transfer, reported at most every ~100 ms, at the last file's end, and every half second
    /// while nothing else moves.
    /// </summary>
    public sealed class ImagenTransferProgress
    {
        internal ImagenTransferProgress(string operation, int totalFiles, int completedFiles, int failedFiles, long totalBytes, long transferredBytes, TimeSpan elapsed, string? currentFile, double bytesPerSecond = 0, bool totalBytesKnown = true)
        {
            BytesPerSecond = bytesPerSecond;
            TotalBytesKnown = totalBytesKnown;
            Operation = operation;
            TotalFiles = totalFiles;
            CompletedFiles = completedFiles;
            FailedFiles = failedFiles;
            TotalBytes = totalBytes;
            TransferredBytes = transferredBytes;
            Elapsed = elapsed;
            CurrentFile = currentFile;
        }

        /// <summary>"Checksum", "Upload" or "Download".</summary>
        public string Operation { get; }

        public int TotalFiles { get; }

        /// <summary>Files finished successfully (or skipped as already present).</summary>
        public int CompletedFiles { get; }

        public int FailedFiles { get; }

        /// <summary>Bytes expected; for downloads it grows as sizes become known (see <see cref="TotalBytesKnown"/>).</summary>
        public long TotalBytes { get; }

        /// <summary>
        /// Whether <see cref="TotalBytes"/> is the whole job's. False for downloads, whose sizes come in only as each
        /// file starts: the total then covers the files started so far.
        /// </summary>
        public bool TotalBytesKnown { get; }

        public long TransferredBytes { get; }

        public TimeSpan Elapsed { get; }

        /// <summary>Throughput over the last three seconds: it follows the work, and is 0 while a transfer is stalled.</summary>
        public double BytesPerSecond { get; }

        /// <summary>0 to 100 by bytes (by files when sizes are unknown).</summary>
        public double PercentComplete =>
            TotalBytes > 0 ? Math.Min(100, TransferredBytes * 100.0 / TotalBytes) : TotalFiles > 0 ? (CompletedFiles + FailedFiles) * 100.0 / TotalFiles : 0;

        /// <summary>The file most recently worked on.</summary>
        public string? CurrentFile { get; }
    }
}
